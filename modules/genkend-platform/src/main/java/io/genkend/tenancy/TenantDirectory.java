package io.genkend.tenancy;

import org.jooq.DSLContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.TENANT;

/**
 * The registry of tenants. The {@code tenant} table itself is not tenant-owned (it is the list of tenants), so
 * it carries no row-level security; everything that hangs off a tenant does.
 */
@Service
public class TenantDirectory {

    private final DSLContext dsl;
    private final ApplicationEventPublisher events;

    TenantDirectory(DSLContext dsl, ApplicationEventPublisher events) {
        this.dsl = dsl;
        this.events = events;
    }

    /**
     * Creates a tenant and publishes {@link TenantCreated}.
     *
     * @param slug URL name, {@code ^[a-z0-9][a-z0-9-]{1,62}$}
     * @param name display name
     * @param pack vertical pack or {@code null}
     * @return the new tenant
     * @throws org.springframework.dao.DuplicateKeyException when the slug is taken
     */
    @Transactional
    public Tenant create(String slug, String name, String pack) {
        UUID id = UUID.randomUUID();
        dsl.insertInto(TENANT).set(TENANT.ID, id).set(TENANT.SLUG, slug).set(TENANT.NAME, name)
                .set(TENANT.PACK, pack).execute();
        Tenant tenant = new Tenant(id, slug);
        events.publishEvent(new TenantCreated(tenant, pack));
        return tenant;
    }

    /** @return the tenant with this slug, if any */
    @Transactional(readOnly = true)
    public Optional<Tenant> findBySlug(String slug) {
        return dsl.select(TENANT.ID, TENANT.SLUG).from(TENANT).where(TENANT.SLUG.eq(slug))
                .fetchOptional(r -> new Tenant(r.value1(), r.value2()));
    }

    /** @return the tenant with this id, if any */
    @Transactional(readOnly = true)
    public Optional<Tenant> findById(UUID id) {
        return dsl.select(TENANT.ID, TENANT.SLUG).from(TENANT).where(TENANT.ID.eq(id))
                .fetchOptional(r -> new Tenant(r.value1(), r.value2()));
    }

    /** @return the vertical pack of a tenant, if it has one */
    @Transactional(readOnly = true)
    public Optional<String> packOf(Tenant tenant) {
        return dsl.select(TENANT.PACK).from(TENANT).where(TENANT.ID.eq(tenant.id())).fetchOptional(TENANT.PACK);
    }

    /**
     * @return the tenant's time zone (IANA id), which outreach uses for caps and quiet hours when a customer has
     *         none; {@code Europe/Copenhagen} unless set
     */
    @Transactional(readOnly = true)
    public String timeZone(Tenant tenant) {
        return dsl.select(TENANT.TIME_ZONE).from(TENANT).where(TENANT.ID.eq(tenant.id()))
                .fetchOptional(TENANT.TIME_ZONE).orElse("Europe/Copenhagen");
    }

    /**
     * Sets the tenant's time zone (joins the caller's transaction).
     *
     * @param zone an IANA zone id, such as {@code Europe/Copenhagen}
     * @throws IllegalArgumentException when it is not a known zone id (offsets such as {@code +01:00} are refused)
     */
    @Transactional
    public void setTimeZone(Tenant tenant, String zone) {
        if (zone == null || !java.time.ZoneId.getAvailableZoneIds().contains(zone)) {
            throw new IllegalArgumentException("not a known time zone: " + zone);
        }
        dsl.update(TENANT).set(TENANT.TIME_ZONE, zone).where(TENANT.ID.eq(tenant.id())).execute();
    }

    /** @return every tenant, oldest first, as summaries for operator pages */
    @Transactional(readOnly = true)
    public List<TenantSummary> list() {
        return dsl.selectFrom(TENANT).orderBy(TENANT.CREATED_AT).fetch(r -> new TenantSummary(
                new Tenant(r.getId(), r.getSlug()), r.getName(), r.getPack(), r.getTimeZone(), r.getStatus(),
                r.getCreatedAt()));
    }

    /**
     * A tenant with its registry data.
     *
     * @param tenant    id and slug
     * @param name      display name
     * @param pack      vertical pack or {@code null}
     * @param timeZone  IANA zone id used for contact-policy periods when a customer has none
     * @param status    {@code ACTIVE} or {@code SUSPENDED}
     * @param createdAt creation time
     */
    public record TenantSummary(Tenant tenant, String name, String pack, String timeZone, String status,
                                java.time.Instant createdAt) {
    }
}
