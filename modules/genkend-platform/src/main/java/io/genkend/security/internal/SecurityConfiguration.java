package io.genkend.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.MediaType;

/**
 * Three filter chains: the REST API (stateless, API keys, problem+json), inbound webhooks (authenticated by
 * their signature in the controller) and the UI (form login, session in Redis, CSRF). Camunda's webapps and
 * {@code /engine-rest} are for platform operators only.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService userDetailsService(DSLContext dsl, TransactionTemplate transactions) {
        return new LoginUserDetailsService(dsl, transactions);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, DSLContext dsl, TransactionTemplate transactions,
                                 ObjectMapper mapper, ApiKeyCache apiKeyCache) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.requireExplicitSave(true))
                .addFilterBefore(new ApiKeyAuthenticationFilter(dsl, transactions, mapper, apiKeyCache),
                        BasicAuthenticationFilter.class)
                .addFilterAfter(new TenantContextFilter(), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> ProblemResponses.write(mapper, request,
                                response, HttpStatus.UNAUTHORIZED, "unauthorized",
                                "Send an API key as 'Authorization: Bearer <key>'."))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(mapper, request,
                                response, HttpStatus.FORBIDDEN, "forbidden",
                                "Your role does not allow this.")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain inboundWebhookChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/hooks/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain uiChain(HttpSecurity http, ObjectMapper mapper) throws Exception {
        var html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/camunda/**", "/engine-rest/**"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/error", "/actuator/health/**", "/actuator/info",
                                "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/r/**",
                                "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/camunda/**", "/engine-rest/**", "/operator/**", "/actuator/**")
                        .hasRole("PLATFORM_ADMIN")
                        .requestMatchers("/admin/**").hasRole("TENANT_ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .addFilterAfter(new TenantContextFilter(), AuthorizationFilter.class)
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), html)
                        .defaultAuthenticationEntryPointFor((request, response, e) -> ProblemResponses.write(mapper,
                                request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                                "Log in first."), request -> true)
                        .accessDeniedHandler((request, response, e) -> {
                            if (html.matches(request)) {
                                // A missing or stale _csrf token is an expired form, not a role problem:
                                // error.html says so (error.csrf) when this request attribute is set.
                                if (e instanceof org.springframework.security.web.csrf.CsrfException) {
                                    request.setAttribute("csrfExpired", Boolean.TRUE);
                                }
                                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                            } else if (e instanceof org.springframework.security.web.csrf.CsrfException) {
                                // the designer's and other scripts' calls: the token, not the role, is missing
                                ProblemResponses.write(mapper, request, response, HttpStatus.FORBIDDEN,
                                        "csrf", "The request's CSRF token is missing or no longer valid: send the"
                                                + " page's token (header X-CSRF-TOKEN), or reload the page.");
                            } else {
                                ProblemResponses.write(mapper, request, response, HttpStatus.FORBIDDEN,
                                        "forbidden", "Your role does not allow this.");
                            }
                        }));
        return http.build();
    }
}
