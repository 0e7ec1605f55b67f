package io.genkend.security.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.security.ApiKeys;
import io.genkend.security.GenkendPrincipal;
import io.genkend.security.Role;
import io.genkend.tenancy.Tenant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

import static io.genkend.schema.Routines.resolveApiKey;

/**
 * Authenticates {@code Authorization: Bearer <api key>}: hashes the key, resolves it through the
 * {@code resolve_api_key} security-definer function (the only cross-tenant read, since no tenant is known yet),
 * which records its use, or from {@link ApiKeyCache} when it was resolved a few seconds ago. A missing header passes on (the entry point answers 401); a wrong or revoked key is
 * answered 401 here.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final ObjectMapper mapper;
    private final ApiKeyCache cache;

    ApiKeyAuthenticationFilter(DSLContext dsl, TransactionTemplate transactions, ObjectMapper mapper,
                               ApiKeyCache cache) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.mapper = mapper;
        this.cache = cache;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String secret = header.substring(7).trim();
        var resolved = cache.resolve(ApiKeys.hash(secret), hash -> transactions.execute(status ->
                dsl.selectFrom(resolveApiKey(hash)).fetchOptional()
                        .map(r -> new ApiKeyCache.Resolved(r.getKeyId(), r.getTenantId(), r.getTenantSlug()))));
        if (resolved == null || resolved.isEmpty()) {
            ProblemResponses.write(mapper, request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                    "The API key is unknown or revoked.");
            return;
        }
        var key = resolved.get();
        GenkendPrincipal principal = new GenkendPrincipal(key.keyId(), "api-key:" + secret.substring(0, 8),
                new Tenant(key.tenantId(), key.tenantSlug()), EnumSet.of(Role.API_CLIENT));
        var authentication = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(Role.API_CLIENT.authority())));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
