package io.genkend.security;

/**
 * The platform's roles. A user holds one or more; Spring authorities are {@code ROLE_<name>}.
 */
public enum Role {
    /** Platform operator: creates tenants, watches health, uses Camunda Cockpit; belongs to no tenant. */
    PLATFORM_ADMIN,
    /** Administers one tenant: users, API keys, webhook subscriptions, contact policy. */
    TENANT_ADMIN,
    /** Designs journeys and offers of one tenant. */
    MARKETER,
    /** Works the tasks of one tenant's service and sales groups. */
    SERVICE_AGENT,
    /** A tenant system calling the API with an API key. */
    API_CLIENT;

    /** @return the Spring Security authority name, {@code ROLE_<name>} */
    public String authority() {
        return "ROLE_" + name();
    }
}
