/**
 * Tenancy: the tenant registry, the current tenant of a thread ({@link io.genkend.tenancy.TenantContext}) and
 * the one place that hands it to PostgreSQL's row-level security.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy")
package io.genkend.tenancy;
