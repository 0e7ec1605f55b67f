package io.genkend.decision.internal;

import io.genkend.api.ReplicaBroadcast;
import io.genkend.decision.OfferSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.decision.Offer;
import io.genkend.decision.Offer.MessageTemplate;
import io.genkend.decision.OfferCatalogue;
import io.genkend.decision.OfferInvalidException;
import io.genkend.schema.tables.records.OfferRecord;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import jakarta.annotation.PreDestroy;
import org.jooq.JSONB;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.genkend.schema.Tables.OFFER;

/**
 * The current tenant's offer catalogue in table {@code offer} (row-level security keeps tenants apart).
 *
 * <p>What every decision and outreach reads ({@link #active()}, {@link #find}) comes from a per-tenant snapshot in
 * memory, read again after {@link #SNAPSHOT_TTL} and dropped on every replica when an offer of the tenant is saved or
 * deleted (after the commit, over Redis: {@link ReplicaBroadcast}, channel {@value #CHANNEL}); editing screens and
 * API reads ({@link #spec}, {@link #list}) always read the table.
 */
@Repository
class OfferRepository implements OfferCatalogue {

    /** Redis pub/sub channel carrying the id of each tenant whose offers changed. */
    static final String CHANNEL = "genkend:offers:changed";
    /** How long a tenant's snapshot is used before it is read again, should a change message be lost. */
    static final Duration SNAPSHOT_TTL = Duration.ofSeconds(10);

    private record Snapshot(List<OfferSpec> offers, Map<String, OfferSpec> byCode, Instant loadedAt) {
    }

    private static final TypeReference<Map<String, Double>> WEIGHTS = new TypeReference<>() { };
    private static final TypeReference<Map<Channel, Map<String, MessageTemplate>>> TEMPLATES = new TypeReference<>() { };

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final DmnPolicy dmn;
    private final TemplateSyntax syntax;

    private final Map<UUID, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final ReplicaBroadcast changes;

    OfferRepository(DSLContext dsl, ObjectMapper json, DmnPolicy dmn, TemplateSyntax syntax,
                    StringRedisTemplate redis, RedisConnectionFactory connectionFactory) {
        this.dsl = dsl;
        this.json = json;
        this.dmn = dmn;
        this.syntax = syntax;
        this.changes = new ReplicaBroadcast(CHANNEL, redis, connectionFactory,
                tenantId -> snapshots.remove(UUID.fromString(tenantId)));
    }

    @PreDestroy
    void close() throws Exception {
        changes.close();
    }

    /** @return the current tenant's offers from memory, read from the table when older than the time to live */
    private Snapshot snapshot() {
        UUID tenantId = TenantContext.require().id();
        Snapshot snapshot = snapshots.get(tenantId);
        if (snapshot == null || snapshot.loadedAt().plus(SNAPSHOT_TTL).isBefore(Instant.now())) {
            List<OfferSpec> offers = all();
            Map<String, OfferSpec> byCode = new HashMap<>();
            offers.forEach(o -> byCode.put(o.code(), o));
            snapshot = new Snapshot(List.copyOf(offers), Map.copyOf(byCode), Instant.now());
            snapshots.put(tenantId, snapshot);
        }
        return snapshot;
    }

    private void changed() {
        UUID tenantId = TenantContext.require().id();
        snapshots.remove(tenantId);
        changes.afterCommit(tenantId.toString());
    }

    @Override
    public List<OfferSpec> list() {
        return all();
    }

    @Override
    @Transactional
    public boolean save(OfferSpec spec) {
        validate(spec);
        return store(spec);
    }

    /**
     * Checks an offer's fields, parses its DMN and its message templates ({@link TemplateSyntax}).
     *
     * @throws OfferInvalidException with every invalid field
     */
    void validate(OfferSpec spec) {
        List<Map<String, String>> errors = new java.util.ArrayList<>(spec.errors());
        if (spec.eligibilityDmn() != null && dmn.problemWith(spec.eligibilityDmn()) != null) {
            errors.add(Map.of("field", "eligibilityDmn", "message", dmn.problemWith(spec.eligibilityDmn())));
        }
        if (spec.suitabilityDmn() != null && dmn.problemWith(spec.suitabilityDmn()) != null) {
            errors.add(Map.of("field", "suitabilityDmn", "message", dmn.problemWith(spec.suitabilityDmn())));
        }
        errors.addAll(syntax.errors(spec.templates()));
        if (!errors.isEmpty()) {
            throw new OfferInvalidException("The offer has invalid fields.", errors);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Offer> find(String code) {
        return Optional.ofNullable(code == null ? null : snapshot().byCode().get(code)).map(OfferSpec::toOffer);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<OfferSpec> spec(String code) {
        return dsl.selectFrom(OFFER).where(OFFER.CODE.eq(code)).fetchOptional(this::toSpec);
    }

    /** @return every offer, by code */
    @Transactional(readOnly = true)
    List<OfferSpec> all() {
        return dsl.selectFrom(OFFER).orderBy(OFFER.CODE).fetch(this::toSpec);
    }

    /** @return the active offers, by code (validity is checked by the caller, which records it as a reason) */
    @Transactional(readOnly = true)
    List<OfferSpec> active() {
        return snapshot().offers().stream().filter(OfferSpec::active).toList();
    }

    /**
     * Creates or replaces the offer with the spec's code, unchecked (callers validate).
     *
     * @return whether it was created (false: replaced)
     */
    @Transactional
    boolean store(OfferSpec spec) {
        OfferRecord existing = dsl.selectFrom(OFFER).where(OFFER.CODE.eq(spec.code())).forUpdate().fetchOne();
        OfferRecord record = existing != null ? existing : dsl.newRecord(OFFER);
        if (existing == null) {
            record.setId(UUID.randomUUID());
            record.setTenantId(TenantContext.require().id());
            record.setCode(spec.code());
        }
        record.setName(spec.name());
        record.setCategory(spec.category());
        record.setValue(spec.value());
        record.setLever(spec.lever());
        record.setContextWeights(write(spec.contextWeights()));
        record.setValidFrom(spec.validFrom());
        record.setValidUntil(spec.validUntil());
        record.setChannels(spec.channels().stream().map(Channel::name).toArray(String[]::new));
        record.setTemplates(write(spec.templates()));
        record.setEligibilityDmn(spec.eligibilityDmn());
        record.setSuitabilityDmn(spec.suitabilityDmn());
        record.setApplicability(write(spec.applicability()));
        record.setPriorAlpha(spec.prior() == null ? null : spec.prior().alpha());
        record.setPriorBeta(spec.prior() == null ? null : spec.prior().beta());
        record.setResponseWindowHours(spec.responseWindowHours());
        record.setActive(spec.active());
        record.setUpdatedAt(Instant.now());
        record.store();
        changed();
        return existing == null;
    }

    @Override
    @Transactional
    public boolean delete(String code) {
        boolean deleted = dsl.deleteFrom(OFFER).where(OFFER.CODE.eq(code)).execute() > 0;
        changed();
        return deleted;
    }

    private OfferSpec toSpec(OfferRecord r) {
        try {
            OfferSpec.Prior prior = r.getPriorAlpha() == null || r.getPriorBeta() == null ? null
                    : new OfferSpec.Prior(r.getPriorAlpha(), r.getPriorBeta());
            return new OfferSpec(r.getCode(), r.getName(), r.getCategory(), r.getValue(), r.getLever(),
                    json.readValue(r.getContextWeights().data(), WEIGHTS), r.getValidFrom(), r.getValidUntil(),
                    Arrays.stream(r.getChannels()).map(Channel::valueOf).toList(),
                    json.readValue(r.getTemplates().data(), TEMPLATES), r.getEligibilityDmn(),
                    r.getSuitabilityDmn(), json.readValue(r.getApplicability().data(), OfferSpec.Applicability.class),
                    prior, r.getResponseWindowHours(), r.getActive());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Offer " + r.getCode() + " has unreadable JSON", e);
        }
    }

    private JSONB write(Object value) {
        try {
            return JSONB.valueOf(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
