package io.genkend.tenancy;

import java.util.Objects;
import java.util.UUID;

/**
 * A tenant as the rest of the platform sees it: its id (the value of every {@code tenant_id} column and of the
 * {@code app.tenant_id} setting that row-level security reads) and its slug (its name in URLs and its Camunda
 * tenant id).
 *
 * @param id   primary key of {@code tenant}
 * @param slug lower-case URL name, 2 to 63 characters of {@code [a-z0-9-]}
 */
public record Tenant(UUID id, String slug) implements java.io.Serializable {

    /**
     * @throws NullPointerException when either part is missing
     */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slug, "slug");
    }

    /** @return the tenant id used for Camunda deployments, instances and tasks: the slug */
    public String camundaTenantId() {
        return slug;
    }
}
