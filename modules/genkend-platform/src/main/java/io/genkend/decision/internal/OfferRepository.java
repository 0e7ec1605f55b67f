package io.genkend.decision.internal;

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
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.OFFER;

/** The current tenant's offer catalogue in table {@code offer} (row-level security keeps tenants apart). */
@Repository
class OfferRepository implements OfferCatalogue {

    private static final TypeReference<Map<String, Double>> WEIGHTS = new TypeReference<>() { };
    private static final TypeReference<Map<Channel, Map<String, MessageTemplate>>> TEMPLATES = new TypeReference<>() { };

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final DmnPolicy dmn;
    private final TemplateSyntax syntax;

    OfferRepository(DSLContext dsl, ObjectMapper json, DmnPolicy dmn, TemplateSyntax syntax) {
        this.dsl = dsl;
        this.json = json;
        this.dmn = dmn;
        this.syntax = syntax;
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
        return spec(code).map(OfferSpec::toOffer);
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
        return dsl.selectFrom(OFFER).where(OFFER.ACTIVE.isTrue()).orderBy(OFFER.CODE).fetch(this::toSpec);
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
        return existing == null;
    }

    @Override
    @Transactional
    public boolean delete(String code) {
        return dsl.deleteFrom(OFFER).where(OFFER.CODE.eq(code)).execute() > 0;
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
