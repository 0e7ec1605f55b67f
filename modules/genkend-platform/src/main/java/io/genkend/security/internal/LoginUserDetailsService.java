package io.genkend.security.internal;

import io.genkend.security.GenkendPrincipal;
import io.genkend.security.Role;
import io.genkend.tenancy.Tenant;
import org.jooq.DSLContext;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static io.genkend.schema.Routines.findLogin;

/**
 * Loads a user for form login through the {@code find_login} security-definer function (no tenant is known
 * before login). The principal kept in the session is a {@link LoginUser}, which carries the
 * {@link GenkendPrincipal}.
 */
final class LoginUserDetailsService implements UserDetailsService {

    private final DSLContext dsl;
    private final TransactionTemplate transactions;

    LoginUserDetailsService(DSLContext dsl, TransactionTemplate transactions) {
        this.dsl = dsl;
        this.transactions = transactions;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        var row = transactions.execute(status -> dsl.selectFrom(findLogin(email)).fetchOptional())
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : row.getRoles()) {
            roles.add(Role.valueOf(name));
        }
        Tenant tenant = row.getTenantId() == null ? null : new Tenant(row.getTenantId(), row.getTenantSlug());
        GenkendPrincipal principal = new GenkendPrincipal(row.getUserId(), row.getEmail(), tenant, roles);
        return new LoginUser(principal, row.getPasswordHash(), Boolean.TRUE.equals(row.getEnabled()),
                roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).collect(Collectors.toSet()));
    }

    /** The session's user: Spring's {@link User} plus the Genkend principal. */
    static final class LoginUser extends User implements io.genkend.security.CurrentPrincipal.Holder {
        private final GenkendPrincipal principal;

        LoginUser(GenkendPrincipal principal, String passwordHash, boolean enabled,
                  Set<SimpleGrantedAuthority> authorities) {
            super(principal.name(), passwordHash, enabled, true, true, true, authorities);
            this.principal = principal;
        }

        @Override
        public GenkendPrincipal principal() {
            return principal;
        }
    }
}
