package io.genkend.journey.internal;

import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Turns a Camunda tenant id (the tenant's slug) back into the tenant, cached (a slug's tenant never changes). */
@Component
class TenantSlugs {

    private final TenantDirectory directory;
    private final Map<String, Tenant> cache = new ConcurrentHashMap<>();

    TenantSlugs(TenantDirectory directory) {
        this.directory = directory;
    }

    Optional<Tenant> find(String slug) {
        if (slug == null) {
            return Optional.empty();
        }
        Tenant cached = cache.get(slug);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Tenant> tenant = directory.findBySlug(slug);
        tenant.ifPresent(t -> cache.put(slug, t));
        return tenant;
    }
}
