package io.genkend.decision.internal;

import io.genkend.decision.OfferSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.decision.Decision;
import io.genkend.decision.Decision.Candidate;
import io.genkend.decision.DecisionHistory;
import io.genkend.decision.DecisionRequest;
import io.genkend.decision.NextBestOffer;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.DECISION;

/**
 * Next-best-offer arbitration after Pega Customer Decision Hub: the catalogue is filtered by the three engagement
 * policies (eligibility, applicability, suitability) and by suppressions, and what passes is ranked by
 * <pre>priority = propensity x context weight x value x lever</pre>
 * (Pega Customer Decision Hub, "Prioritization: P x C x V x L"; Pega Academy, "Arbitration" in Customer Decision
 * Hub). Propensity is the posterior mean of {@link PropensityModel}; context weight comes from the offer's
 * {@code contextWeights} for the request's context; value and lever are the offer's. The highest priority wins
 * (ties by code). A customer in the tenant's {@link Holdout} group gets no offer; the candidates are still scored
 * and stored, so that uplift can be measured. Every decision is stored with every candidate's priority or the
 * policy that dropped it, and why.
 */
@Service
class OfferArbitration implements NextBestOffer, DecisionHistory {

    private static final TypeReference<List<Candidate>> CANDIDATES = new TypeReference<>() { };

    private final OfferRepository offers;
    private final SuppressionStore suppressions;
    private final CustomerFacts facts;
    private final PropensityModel propensity;
    private final Holdout holdout;
    private final DmnPolicy dmn;
    private final ObjectProvider<CustomerProfiles> profiles;
    private final DecisionProperties properties;
    private final DSLContext dsl;
    private final ObjectMapper json;
    private final Clock clock;

    OfferArbitration(OfferRepository offers, SuppressionStore suppressions, CustomerFacts facts,
                     PropensityModel propensity, Holdout holdout, DmnPolicy dmn,
                     ObjectProvider<CustomerProfiles> profiles, DecisionProperties properties, DSLContext dsl,
                     ObjectMapper json, Clock clock) {
        this.offers = offers;
        this.suppressions = suppressions;
        this.facts = facts;
        this.propensity = propensity;
        this.holdout = holdout;
        this.dmn = dmn;
        this.profiles = profiles;
        this.properties = properties;
        this.dsl = dsl;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Decision decide(DecisionRequest request) {
        Tenant tenant = TenantContext.require();
        Instant now = clock.instant();
        Map<String, Object> traits = profile(request.customerId()).map(CustomerProfile::traits).orElse(Map.of());
        Map<String, Object> variables = variables(request, traits);
        List<SuppressionStore.Active> suppressed = suppressions.activeFor(request.customerId());
        List<CustomerFacts.StoredFact> known = facts.of(request.customerId());
        Map<String, double[]> evidence = propensity.evidence();

        List<Candidate> dropped = new ArrayList<>();
        List<Candidate> ranked = new ArrayList<>();
        for (OfferSpec offer : offers.active()) {
            if (request.categories() != null && !request.categories().isEmpty()
                    && !request.categories().contains(offer.category())) {
                continue;
            }
            Optional<SuppressionStore.Active> suppression = suppressed.stream().filter(s -> s.covers(offer))
                    .findFirst();
            if (suppression.isPresent()) {
                SuppressionStore.Active s = suppression.get();
                dropped.add(new Candidate(offer.code(), 0, "suppression", (s.category() != null
                        ? "category " + s.category() : "offer " + s.offerCode()) + " suppressed until " + s.until()
                        + ": " + s.reason()));
                continue;
            }
            if (!offer.validAt(now)) {
                dropped.add(new Candidate(offer.code(), 0, "eligibility", "not valid at " + now));
                continue;
            }
            if (offer.eligibilityDmn() != null) {
                DmnPolicy.Outcome eligible = dmn.evaluate(offer.eligibilityDmn(), variables);
                if (!eligible.passed()) {
                    dropped.add(new Candidate(offer.code(), 0, "eligibility", eligible.reason()));
                    continue;
                }
            }
            String inapplicable = inapplicable(offer, known, traits, now);
            if (inapplicable != null) {
                dropped.add(new Candidate(offer.code(), 0, "applicability", inapplicable));
                continue;
            }
            if (offer.suitabilityDmn() != null) {
                DmnPolicy.Outcome suitable = dmn.evaluate(offer.suitabilityDmn(), variables);
                if (!suitable.passed()) {
                    dropped.add(new Candidate(offer.code(), 0, "suitability", suitable.reason()));
                    continue;
                }
            }
            double p = propensity.propensity(offer, evidence.get(offer.code()));
            double c = offer.weightFor(request.context());
            double v = offer.value().doubleValue();
            double l = offer.lever().doubleValue();
            ranked.add(new Candidate(offer.code(), p * c * v * l, null,
                    String.format(java.util.Locale.ROOT, "propensity %.4f x context weight %.2f x value %.2f x lever %.2f",
                            p, c, v, l)));
        }
        ranked.sort(Comparator.comparingDouble(Candidate::priority).reversed().thenComparing(Candidate::offerCode));

        boolean inHoldout = holdout.contains(request.customerId());
        String chosen = null;
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Candidate c = ranked.get(i);
            if (inHoldout) {
                candidates.add(new Candidate(c.offerCode(), c.priority(), "holdout",
                        c.reason() + "; customer is in the holdout group"));
            } else if (i == 0) {
                chosen = c.offerCode();
                candidates.add(c);
            } else {
                candidates.add(new Candidate(c.offerCode(), c.priority(), "arbitration", c.reason()
                        + String.format(java.util.Locale.ROOT, "; below %s at %.4f", ranked.get(0).offerCode(),
                        ranked.get(0).priority())));
            }
        }
        candidates.addAll(dropped);

        Decision decision = new Decision(UUID.randomUUID(), chosen, inHoldout, List.copyOf(candidates));
        dsl.insertInto(DECISION)
                .set(DECISION.ID, decision.id())
                .set(DECISION.TENANT_ID, tenant.id())
                .set(DECISION.CUSTOMER_ID, request.customerId())
                .set(DECISION.CONTEXT, request.context())
                .set(DECISION.OFFER_CODE, chosen)
                .set(DECISION.HOLDOUT, inHoldout)
                .set(DECISION.CANDIDATES, JSONB.valueOf(write(decision.candidates())))
                .set(DECISION.JOURNEY_INSTANCE_ID, request.journeyInstanceId())
                .set(DECISION.DECIDED_AT, now)
                .execute();
        return decision;
    }

    @Override
    @Transactional(readOnly = true)
    public List<DecidedOffer> forCustomer(UUID customerId, int limit) {
        return dsl.selectFrom(DECISION).where(DECISION.CUSTOMER_ID.eq(customerId))
                .orderBy(DECISION.DECIDED_AT.desc()).limit(Math.max(1, Math.min(limit, 500)))
                .fetch(r -> new DecidedOffer(new Decision(r.getId(), r.getOfferCode(), r.getHoldout(),
                        read(r.getCandidates())), r.getCustomerId(), r.getContext(), r.getDecidedAt()));
    }

    /** @return the stored decision with this id, if the current tenant has it */
    @Transactional(readOnly = true)
    Optional<DecidedOffer> find(UUID id) {
        return dsl.selectFrom(DECISION).where(DECISION.ID.eq(id))
                .fetchOptional(r -> new DecidedOffer(new Decision(r.getId(), r.getOfferCode(), r.getHoldout(),
                        read(r.getCandidates())), r.getCustomerId(), r.getContext(), r.getDecidedAt()));
    }

    /** Removes a customer's decisions (erasure). */
    @Transactional
    void erase(UUID customerId) {
        dsl.deleteFrom(DECISION).where(DECISION.CUSTOMER_ID.eq(customerId)).execute();
    }

    /**
     * Applicability: not bought or booked in the offer's category within its window; no open service case in its
     * category or a blocking one; not already owned.
     *
     * @return why the offer is not applicable now, or {@code null} when it is
     */
    private String inapplicable(OfferSpec offer, List<CustomerFacts.StoredFact> known, Map<String, Object> traits,
                                Instant now) {
        int days = offer.applicability().recentWindowDays() != null ? offer.applicability().recentWindowDays()
                : properties.recentWindowDays();
        Instant since = now.minus(Duration.ofDays(days));
        for (CustomerFacts.StoredFact fact : known) {
            if (("PURCHASE".equals(fact.kind()) || "BOOKING".equals(fact.kind()))
                    && fact.category().equals(offer.category()) && fact.occurredAt().isAfter(since)) {
                long ago = Duration.between(fact.occurredAt(), now).toDays();
                return "category " + offer.category() + " " + ("BOOKING".equals(fact.kind()) ? "booked" : "bought")
                        + " " + (ago <= 0 ? "today" : ago + " days ago") + " (" + fact.eventName() + ")";
            }
        }
        List<String> blocking = new ArrayList<>(offer.applicability().blockingCaseCategories());
        blocking.add(offer.category());
        for (String category : blocking) {
            Optional<CustomerFacts.StoredFact> lastCase = known.stream()
                    .filter(f -> f.category().equals(category)
                            && ("CASE_OPENED".equals(f.kind()) || "CASE_CLOSED".equals(f.kind())))
                    .findFirst();
            if (lastCase.isPresent() && "CASE_OPENED".equals(lastCase.get().kind())) {
                return "open service case in " + category + " (" + lastCase.get().eventName() + ")";
            }
        }
        if (offer.applicability().skipIfOwned()) {
            boolean ownedFact = known.stream().anyMatch(f -> "OWNED".equals(f.kind()) && offer.code().equals(f.item()));
            Object ownedTrait = traits.get("owned");
            boolean ownedByTrait = ownedTrait instanceof Collection<?> items && items.stream()
                    .anyMatch(i -> offer.code().equals(String.valueOf(i)));
            if (ownedFact || ownedByTrait) {
                return "already owned";
            }
        }
        return null;
    }

    private Optional<CustomerProfile> profile(UUID customerId) {
        CustomerProfiles available = profiles.getIfAvailable();
        return available == null ? Optional.empty() : available.find(customerId);
    }

    private static Map<String, Object> variables(DecisionRequest request, Map<String, Object> traits) {
        Map<String, Object> variables = new HashMap<>(traits);
        if (request.contextData() != null) {
            variables.putAll(request.contextData());
        }
        variables.put("traits", traits);
        variables.put("context", request.context());
        return variables;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Candidate> read(JSONB value) {
        try {
            return json.readValue(value.data(), CANDIDATES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
