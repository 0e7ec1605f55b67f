package io.genkend.report;

/** The report of the current tenant ({@code TenantContext}). */
public interface Reports {

    /**
     * @return the current tenant's figures, read now
     * @throws IllegalStateException when no tenant is current
     */
    TenantReport summary();
}
