package io.genkend.tenancy;

/**
 * Published when an operator (or the demo seeding) creates a tenant; vertical packs listen to deploy their
 * journeys and seed their offer catalogue.
 *
 * @param tenant the new tenant
 * @param pack   the vertical pack chosen for it ({@code bank}, {@code grocer}, {@code dealer}) or {@code null}
 */
public record TenantCreated(Tenant tenant, String pack) {
}
