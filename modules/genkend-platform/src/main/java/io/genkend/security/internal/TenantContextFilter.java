package io.genkend.security.internal;

import io.genkend.security.CurrentPrincipal;
import io.genkend.security.GenkendPrincipal;
import io.genkend.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Resolves the tenant once per request, from the authenticated principal (a logged-in user or an API key), and
 * runs the rest of the request inside {@link TenantContext} (thread, log MDC and, through the connection
 * provider, the database). The context is restored in {@code finally}.
 * (After ThomasVitale/spring-boot-multitenancy's {@code TenantContextFilter}.)
 */
final class TenantContextFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        GenkendPrincipal principal = CurrentPrincipal.of(authentication).orElse(null);
        if (principal != null && principal.tenant() != null) {
            try {
                TenantContext.callAsChecked(principal.tenant(), () -> {
                    chain.doFilter(request, response);
                    return null;
                });
            } catch (IOException | ServletException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ServletException(e);
            }
        } else {
            chain.doFilter(request, response);
        }
    }
}
