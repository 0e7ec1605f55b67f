package io.genkend.journey.internal;

import io.genkend.security.CurrentPrincipal;
import io.genkend.security.GenkendPrincipal;
import io.genkend.security.Role;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.function.Supplier;

/**
 * Single sign-on for Camunda's webapps (Cockpit, Tasklist, Admin) at {@code /camunda}: Spring Security has already
 * admitted only platform operators there, and Camunda's container-based authentication filter (Camunda docs,
 * "Container-based Authentication") takes the operator from Spring's security context, as a member of
 * {@code camunda-admin} with every tenant, so that Cockpit shows all tenants' journeys. The operator is mirrored
 * into Camunda's identity tables on first use (the webapps accept only users found there), which is why
 * {@code userResourceWhitelistPattern} admits e-mail addresses.
 */
@Configuration(proxyBeanMethods = false)
class OperatorSingleSignOn {

    /** Camunda instantiates the provider by class name, so it reaches the tenant list through this holder. */
    private static volatile Supplier<List<String>> tenantIds = List::of;

    /**
     * Only with Camunda's webapps: a context without them (such as a second application context in one JVM) must
     * not point the JVM-wide tenant holder at its own tenant directory, which is gone once that context closes.
     */
    @Bean
    @ConditionalOnProperty(prefix = "camunda.bpm.webapp", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> camundaWebappSingleSignOn(TenantDirectory tenants) {
        tenantIds = () -> tenants.list().stream().map(t -> t.tenant()).map(Tenant::camundaTenantId).toList();
        FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
        registration.addInitParameter("authentication-provider", SpringSecurityProvider.class.getName());
        registration.addUrlPatterns("/camunda/*");
        // after Spring Security's filter chain, which has put the operator into the security context
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** Reads the operator from Spring Security's context; anyone else is not authenticated for Camunda. */
    public static class SpringSecurityProvider extends ContainerBasedAuthenticationProvider {

        @Override
        public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
            GenkendPrincipal principal = CurrentPrincipal.get().orElse(null);
            if (principal == null || !principal.has(Role.PLATFORM_ADMIN)) {
                return AuthenticationResult.unsuccessful();
            }
            ensureCamundaUser(engine, principal);
            AuthenticationResult result = AuthenticationResult.successful(principal.name());
            result.setGroups(List.of("camunda-admin"));
            result.setTenants(tenantIds.get());
            return result;
        }

        /** Camunda's webapps only accept a user that exists in Camunda's identity tables: mirror the operator. */
        private static void ensureCamundaUser(ProcessEngine engine, GenkendPrincipal principal) {
            var identity = engine.getIdentityService();
            if (identity.createUserQuery().userId(principal.name()).count() == 0) {
                var user = identity.newUser(principal.name());
                user.setEmail(principal.name());
                user.setFirstName("Platform");
                user.setLastName("operator");
                // never used: the operator logs in through Genkend, not Camunda's own login
                user.setPassword(java.util.UUID.randomUUID().toString());
                identity.saveUser(user);
            }
            // an engine without a camunda-admin member sends every visitor to its first-admin setup page
            if (identity.createGroupQuery().groupId("camunda-admin").count() == 0) {
                var group = identity.newGroup("camunda-admin");
                group.setName("Camunda administrators");
                group.setType("SYSTEM");
                identity.saveGroup(group);
            }
            if (identity.createUserQuery().userId(principal.name()).memberOfGroup("camunda-admin").count() == 0) {
                identity.createMembership(principal.name(), "camunda-admin");
            }
        }
    }
}
