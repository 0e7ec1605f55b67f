package io.genkend.customer.internal;

import io.genkend.customer.CustomerErasedException;
import io.genkend.customer.CustomerIdentities;
import io.genkend.customer.CustomerMerged;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.schema.tables.records.CustomerRecord;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import static io.genkend.schema.Tables.CUSTOMER;
import static io.genkend.schema.Tables.CUSTOMER_ERASURE;
import static io.genkend.schema.Tables.CUSTOMER_IDENTITY;

/**
 * Profiles and identities of the current tenant's customers. Concurrent work on one identity is serialised with
 * a transaction-scoped PostgreSQL advisory lock per identity, and traits are merged with {@code jsonb || jsonb}
 * in a single UPDATE, so parallel identify calls neither create twins nor lose a trait.
 */
@Service
@Transactional
class CustomerStore implements CustomerProfiles, CustomerIdentities {

    private final DSLContext dsl;
    private final JsonColumns json;
    private final ConsentLedger consents;
    private final ApplicationEventPublisher events;

    CustomerStore(DSLContext dsl, JsonColumns json, ConsentLedger consents, ApplicationEventPublisher events) {
        this.dsl = dsl;
        this.json = json;
        this.consents = consents;
        this.events = events;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CustomerProfile> find(UUID customerId) {
        return dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchOptional().map(this::toProfile);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<CustomerProfile> findByUserId(String userId) {
        return owner(new Identifier(Identifier.USER_ID, userId)).flatMap(this::find);
    }

    @Override
    public Optional<CustomerProfile> findByAnonymousId(String anonymousId) {
        return owner(new Identifier(Identifier.ANONYMOUS_ID, anonymousId)).flatMap(this::find);
    }

    @Override
    public void updateTraits(UUID customerId, Map<String, Object> traits) {
        int updated = dsl.update(CUSTOMER).set(CUSTOMER.TRAITS, merged(CUSTOMER.TRAITS, json.write(traits)))
                .set(CUSTOMER.UPDATED_AT, Instant.now()).where(CUSTOMER.ID.eq(customerId)).execute();
        if (updated == 0) {
            throw new NoSuchElementException("No customer " + customerId);
        }
    }

    @Override
    public UUID resolveOrCreate(String userId, String anonymousId) {
        Identifier user = userId == null ? null : new Identifier(Identifier.USER_ID, userId);
        Identifier anonymous = anonymousId == null ? null : new Identifier(Identifier.ANONYMOUS_ID, anonymousId);
        lock(user, anonymous);
        Optional<UUID> byUser = user == null ? Optional.empty() : owner(user);
        Optional<UUID> byAnonymous = anonymous == null ? Optional.empty() : owner(anonymous);
        if (byUser.isPresent()) {
            if (anonymous != null && byAnonymous.isEmpty()) {
                addIdentity(byUser.get(), anonymous);
            } else if (byAnonymous.isPresent() && !byAnonymous.get().equals(byUser.get())
                    && dsl.fetchExists(CUSTOMER, CUSTOMER.ID.eq(byAnonymous.get()), CUSTOMER.USER_ID.isNull())) {
                // A known customer's call carries the anonymousId of a still-anonymous profile: the same person
                // (Segment's identify semantics), so the anonymous profile is merged into the known one.
                merge(byAnonymous.get(), byUser.get());
            }
            return byUser.get();
        }
        if (byAnonymous.isPresent()) {
            UUID id = byAnonymous.get();
            if (user != null) {
                CustomerRecord profile = dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(id)).forUpdate().fetchOne();
                if (profile != null && profile.getUserId() == null) {
                    // The anonymous visitor has identified: the same person, so the profile gets the userId.
                    dsl.update(CUSTOMER).set(CUSTOMER.USER_ID, userId).set(CUSTOMER.UPDATED_AT, Instant.now())
                            .where(CUSTOMER.ID.eq(id)).execute();
                    addIdentity(id, user);
                    return id;
                }
                return create(user, null);
            }
            return id;
        }
        return create(user, anonymous);
    }

    @Override
    public List<UUID> resolveExisting(List<String> userIds, List<String> anonymousIds) {
        Tenant tenant = TenantContext.require();
        TreeSet<Identifier> all = new TreeSet<>();
        for (int i = 0; i < userIds.size(); i++) {
            if (userIds.get(i) != null) {
                all.add(new Identifier(Identifier.USER_ID, userIds.get(i)));
            }
            if (anonymousIds.get(i) != null) {
                all.add(new Identifier(Identifier.ANONYMOUS_ID, anonymousIds.get(i)));
            }
        }
        List<UUID> found = new ArrayList<>(Collections.nCopies(userIds.size(), null));
        if (all.isEmpty()) {
            return found;
        }
        Long[] keys = all.stream().map(identifier -> identifier.lockKey(tenant)).toArray(Long[]::new);
        dsl.fetch("select pg_advisory_xact_lock(k) from unnest({0}) with ordinality as t(k, n) order by n",
                DSL.val(keys, SQLDataType.BIGINT.getArrayDataType()));
        Map<Identifier, UUID> owners = new HashMap<>();
        dsl.select(CUSTOMER_IDENTITY.KIND, CUSTOMER_IDENTITY.VALUE, CUSTOMER_IDENTITY.CUSTOMER_ID)
                .from(CUSTOMER_IDENTITY)
                .where(DSL.row(CUSTOMER_IDENTITY.KIND, CUSTOMER_IDENTITY.VALUE)
                        .in(all.stream().map(identifier -> DSL.row(identifier.kind(), identifier.value())).toList()))
                .forEach(r -> owners.put(new Identifier(r.value1(), r.value2()), r.value3()));
        for (int i = 0; i < userIds.size(); i++) {
            UUID byUser = userIds.get(i) == null ? null
                    : owners.get(new Identifier(Identifier.USER_ID, userIds.get(i)));
            UUID byAnonymous = anonymousIds.get(i) == null ? null
                    : owners.get(new Identifier(Identifier.ANONYMOUS_ID, anonymousIds.get(i)));
            if (userIds.get(i) != null) {
                // known user; an anonymousId must already be theirs (else resolveOrCreate attaches or merges)
                found.set(i, byUser != null && (anonymousIds.get(i) == null || byUser.equals(byAnonymous))
                        ? byUser : null);
            } else if (anonymousIds.get(i) != null) {
                found.set(i, byAnonymous);
            }
        }
        return found;
    }

    @Override
    public UUID identify(String userId, String anonymousId, Map<String, Object> traits, Instant at, String source) {
        Map<String, Object> kept = new LinkedHashMap<>(traits == null ? Map.of() : traits);
        Object consentTrait = kept.remove("consent");
        var parsedConsents = consentTrait == null ? List.<io.genkend.customer.Consent>of()
                : ConsentLedger.parseTrait("traits.consent", consentTrait, at, source);
        String email = text(kept.get("email"));
        String phone = text(kept.get("phone"));
        UUID id = resolveOrCreate(userId, anonymousId);
        for (Identifier extra : new Identifier[]{email == null ? null : new Identifier(Identifier.EMAIL, email),
                phone == null ? null : new Identifier(Identifier.PHONE, phone)}) {
            if (extra != null) {
                lock(extra);
                if (owner(extra).isEmpty()) {
                    refuseErased(extra);
                    addIdentity(id, extra);
                }
            }
        }
        var update = dsl.update(CUSTOMER).set(CUSTOMER.TRAITS, merged(CUSTOMER.TRAITS, json.write(kept)))
                .set(CUSTOMER.UPDATED_AT, Instant.now());
        if (email != null) {
            update = update.set(CUSTOMER.EMAIL, email);
        }
        if (phone != null) {
            update = update.set(CUSTOMER.PHONE, phone);
        }
        String locale = text(kept.get("locale"));
        if (locale != null) {
            update = update.set(CUSTOMER.LOCALE, locale);
        }
        String timeZone = text(kept.getOrDefault("timezone", kept.get("timeZone")));
        if (timeZone != null) {
            update = update.set(CUSTOMER.TIME_ZONE, timeZone);
        }
        update.where(CUSTOMER.ID.eq(id)).execute();
        consents.record(id, parsedConsents);
        return id;
    }

    @Override
    public UUID alias(String previousId, String userId) {
        Identifier user = new Identifier(Identifier.USER_ID, userId);
        List<Identifier> previous = List.of(new Identifier(Identifier.ANONYMOUS_ID, previousId),
                new Identifier(Identifier.USER_ID, previousId), new Identifier(Identifier.EMAIL, previousId));
        List<Identifier> all = new ArrayList<>(previous);
        all.add(user);
        lock(all.toArray(Identifier[]::new));
        Optional<UUID> into = owner(user);
        Optional<UUID> from = previous.stream().map(this::owner).flatMap(Optional::stream).findFirst();
        if (into.isEmpty() && from.isEmpty()) {
            return create(user, previous.get(0));
        }
        if (into.isEmpty()) {
            CustomerRecord profile = dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(from.get())).forUpdate()
                    .fetchOne();
            if (profile.getUserId() == null) {
                dsl.update(CUSTOMER).set(CUSTOMER.USER_ID, userId).where(CUSTOMER.ID.eq(from.get())).execute();
            }
            addIdentity(from.get(), user);
            return from.get();
        }
        if (from.isEmpty()) {
            addIdentity(into.get(), previous.get(0));
            return into.get();
        }
        if (!from.get().equals(into.get())) {
            merge(from.get(), into.get());
        }
        return into.get();
    }

    /** Merges {@code from} into {@code into}: identities, consents, traits the target lacks, other modules' rows. */
    private void merge(UUID from, UUID into) {
        List<CustomerRecord> both = dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.in(from, into))
                .orderBy(CUSTOMER.ID).forUpdate().fetch();
        CustomerRecord source = both.stream().filter(r -> r.getId().equals(from)).findFirst().orElseThrow();
        dsl.update(CUSTOMER_IDENTITY).set(CUSTOMER_IDENTITY.CUSTOMER_ID, into)
                .where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(from)).execute();
        consents.move(from, into);
        dsl.update(CUSTOMER)
                .set(CUSTOMER.TRAITS, merged(DSL.val(source.getTraits()), CUSTOMER.TRAITS))
                .set(CUSTOMER.EMAIL, DSL.coalesce(CUSTOMER.EMAIL, DSL.val(source.getEmail())))
                .set(CUSTOMER.PHONE, DSL.coalesce(CUSTOMER.PHONE, DSL.val(source.getPhone())))
                .set(CUSTOMER.LOCALE, DSL.coalesce(CUSTOMER.LOCALE, DSL.val(source.getLocale())))
                .set(CUSTOMER.TIME_ZONE, DSL.coalesce(CUSTOMER.TIME_ZONE, DSL.val(source.getTimeZone())))
                .set(CUSTOMER.UPDATED_AT, Instant.now())
                .where(CUSTOMER.ID.eq(into)).execute();
        // Synchronous listeners move their rows now, before the cascade of the delete below could remove them.
        events.publishEvent(new CustomerMerged(TenantContext.require(), from, into));
        dsl.deleteFrom(CUSTOMER).where(CUSTOMER.ID.eq(from)).execute();
    }

    /** @return every identity of the customer, in a stable order */
    @Transactional(readOnly = true)
    List<Identifier> identities(UUID customerId) {
        return dsl.select(CUSTOMER_IDENTITY.KIND, CUSTOMER_IDENTITY.VALUE).from(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_IDENTITY.KIND, CUSTOMER_IDENTITY.VALUE)
                .fetch(r -> new Identifier(r.value1(), r.value2()));
    }

    /** @return the stored profile row, for the API */
    @Transactional(readOnly = true)
    Optional<CustomerRecord> row(UUID customerId) {
        return dsl.selectFrom(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchOptional();
    }

    Map<String, Object> traits(CustomerRecord row) {
        return json.read(row.getTraits());
    }

    private UUID create(Identifier user, Identifier anonymous) {
        Tenant tenant = TenantContext.require();
        for (Identifier identifier : new Identifier[]{user, anonymous}) {
            if (identifier != null) {
                refuseErased(identifier);
            }
        }
        UUID id = UUID.randomUUID();
        dsl.insertInto(CUSTOMER).set(CUSTOMER.ID, id).set(CUSTOMER.TENANT_ID, tenant.id())
                .set(CUSTOMER.USER_ID, user == null ? null : user.value()).execute();
        if (user != null) {
            addIdentity(id, user);
        }
        if (anonymous != null) {
            addIdentity(id, anonymous);
        }
        return id;
    }

    /** @throws CustomerErasedException when the identifier belonged to an erased customer */
    private void refuseErased(Identifier identifier) {
        if (dsl.fetchExists(CUSTOMER_ERASURE, CUSTOMER_ERASURE.IDENTIFIER_HASH
                .eq(identifier.erasureHash(TenantContext.require())))) {
            throw new CustomerErasedException(identifier.field());
        }
    }

    private void addIdentity(UUID customerId, Identifier identifier) {
        dsl.insertInto(CUSTOMER_IDENTITY).set(CUSTOMER_IDENTITY.TENANT_ID, TenantContext.require().id())
                .set(CUSTOMER_IDENTITY.KIND, identifier.kind()).set(CUSTOMER_IDENTITY.VALUE, identifier.value())
                .set(CUSTOMER_IDENTITY.CUSTOMER_ID, customerId)
                .onConflictDoNothing().execute();
    }

    private Optional<UUID> owner(Identifier identifier) {
        return dsl.select(CUSTOMER_IDENTITY.CUSTOMER_ID).from(CUSTOMER_IDENTITY)
                .where(CUSTOMER_IDENTITY.KIND.eq(identifier.kind()), CUSTOMER_IDENTITY.VALUE.eq(identifier.value()))
                .fetchOptional(CUSTOMER_IDENTITY.CUSTOMER_ID);
    }

    /** Takes transaction-scoped advisory locks on the identities, in a fixed order (no deadlocks). */
    private void lock(Identifier... identifiers) {
        Tenant tenant = TenantContext.require();
        TreeSet<Identifier> ordered = new TreeSet<>();
        for (Identifier identifier : identifiers) {
            if (identifier != null) {
                ordered.add(identifier);
            }
        }
        for (Identifier identifier : ordered) {
            dsl.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(identifier.lockKey(tenant))))
                    .fetch();
        }
    }

    /** {@code left || right}: PostgreSQL's jsonb merge, right-hand keys win. */
    private static Field<JSONB> merged(Field<JSONB> left, JSONB right) {
        return merged(left, DSL.val(right));
    }

    private static Field<JSONB> merged(Field<JSONB> left, Field<JSONB> right) {
        return DSL.field("({0} || {1})", SQLDataType.JSONB, left, right);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private CustomerProfile toProfile(CustomerRecord r) {
        return new CustomerProfile(r.getId(), r.getUserId(), r.getEmail(), r.getPhone(), r.getLocale(),
                r.getTimeZone(), json.read(r.getTraits()));
    }
}
