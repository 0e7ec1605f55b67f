package io.genkend.customer;

import io.genkend.tenancy.Tenant;

import java.util.UUID;

/**
 * Published when a Segment {@code alias} merges one profile into another, in the merging transaction and before
 * the merged profile is deleted: synchronous listeners ({@code @EventListener}) move their rows from
 * {@link #from()} to {@link #into()} there; {@code @ApplicationModuleListener}s learn of it after commit.
 *
 * @param tenant the tenant
 * @param from   the profile that no longer exists afterwards (typically the anonymous one)
 * @param into   the profile that keeps everything
 */
public record CustomerMerged(Tenant tenant, UUID from, UUID into) {
}
