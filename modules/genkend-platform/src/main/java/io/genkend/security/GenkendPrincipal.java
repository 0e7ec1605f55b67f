package io.genkend.security;

import io.genkend.tenancy.Tenant;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a user who logged in, or a tenant system with an API key.
 *
 * @param id     user id or API key id
 * @param name   e-mail of a user, or the API key's name
 * @param tenant the tenant acted for, or {@code null} for a platform operator
 * @param roles  the roles held
 */
public record GenkendPrincipal(UUID id, String name, Tenant tenant, Set<Role> roles)
        implements java.io.Serializable {

    /** @return the tenant, empty for a platform operator */
    public Optional<Tenant> tenantIfAny() {
        return Optional.ofNullable(tenant);
    }

    /** @return whether the principal holds {@code role} */
    public boolean has(Role role) {
        return roles.contains(role);
    }
}
