package io.genkend.decision.internal;

import io.genkend.decision.OfferSpec;

import io.genkend.decision.ResponseLearning;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.genkend.schema.Tables.OFFER_PROPENSITY;
import static io.genkend.schema.Tables.OFFER_RESPONSE;

/**
 * The adaptive propensity model: for each tenant and offer, the probability that a customer accepts it, as the
 * posterior of a Beta-Bernoulli model. Starting from a prior Beta(a0, b0) (the offer's own, else
 * {@code genkend.decision.prior-alpha/-beta}), each acceptance adds one success and each decline or ignored
 * outreach one failure, so the posterior is Beta(a0 + s, b0 + f) and the propensity used in arbitration is its
 * mean (a0 + s) / (a0 + b0 + s + f). Clicks show interest but are no decision, so they are stored, not counted.
 * (The conjugate Beta prior of a Bernoulli rate; Pega's adaptive models learn propensity from responses in the
 * same spirit.) Only the evidence is stored, so a changed prior applies at once.
 *
 * <p>The same responses feed the suppression rule after Pega's suppression policies: an offer a customer ignored
 * {@code genkend.decision.ignored-limit} times (2) is paused for that customer for
 * {@code genkend.decision.ignored-pause} (60 days).
 */
@Service
class PropensityModel implements ResponseLearning {

    private final DSLContext dsl;
    private final DecisionProperties properties;
    private final SuppressionStore suppressions;

    PropensityModel(DSLContext dsl, DecisionProperties properties, SuppressionStore suppressions) {
        this.dsl = dsl;
        this.properties = properties;
        this.suppressions = suppressions;
    }

    @Override
    @Transactional
    public void learn(UUID customerId, String offerCode, String response, UUID outreachId) {
        int inserted = dsl.insertInto(OFFER_RESPONSE)
                .set(OFFER_RESPONSE.ID, UUID.randomUUID())
                .set(OFFER_RESPONSE.TENANT_ID, TenantContext.require().id())
                .set(OFFER_RESPONSE.CUSTOMER_ID, customerId)
                .set(OFFER_RESPONSE.OFFER_CODE, offerCode)
                .set(OFFER_RESPONSE.RESPONSE, response)
                .set(OFFER_RESPONSE.OUTREACH_ID, outreachId)
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            return;
        }
        double success = "ACCEPTED".equals(response) ? 1 : 0;
        double failure = "DECLINED".equals(response) || "IGNORED".equals(response) ? 1 : 0;
        if (success + failure > 0) {
            dsl.insertInto(OFFER_PROPENSITY)
                    .set(OFFER_PROPENSITY.TENANT_ID, TenantContext.require().id())
                    .set(OFFER_PROPENSITY.OFFER_CODE, offerCode)
                    .set(OFFER_PROPENSITY.SUCCESSES, success)
                    .set(OFFER_PROPENSITY.FAILURES, failure)
                    .onConflict(OFFER_PROPENSITY.TENANT_ID, OFFER_PROPENSITY.OFFER_CODE)
                    .doUpdate()
                    .set(OFFER_PROPENSITY.SUCCESSES, OFFER_PROPENSITY.SUCCESSES.plus(success))
                    .set(OFFER_PROPENSITY.FAILURES, OFFER_PROPENSITY.FAILURES.plus(failure))
                    .set(OFFER_PROPENSITY.UPDATED_AT, Instant.now())
                    .execute();
        }
        if ("IGNORED".equals(response)) {
            int ignored = dsl.fetchCount(OFFER_RESPONSE, OFFER_RESPONSE.CUSTOMER_ID.eq(customerId)
                    .and(OFFER_RESPONSE.OFFER_CODE.eq(offerCode)).and(OFFER_RESPONSE.RESPONSE.eq("IGNORED")));
            if (ignored > 0 && ignored % properties.ignoredLimit() == 0) {
                suppressions.suppressOffer(customerId, offerCode, properties.ignoredPause(),
                        "offer " + offerCode + " ignored " + ignored + " times");
            }
        }
    }

    @Override
    @Transactional(readOnly = true)
    public double propensity(OfferSpec offer) {
        double[] evidence = dsl.selectFrom(OFFER_PROPENSITY).where(OFFER_PROPENSITY.OFFER_CODE.eq(offer.code()))
                .fetchOptional(r -> new double[] {r.getSuccesses(), r.getFailures()}).orElse(null);
        return propensity(offer, evidence);
    }

    /** @return the evidence (successes, failures) per offer code of the current tenant */
    @Transactional(readOnly = true)
    Map<String, double[]> evidence() {
        return dsl.selectFrom(OFFER_PROPENSITY).fetch().stream().collect(Collectors.toMap(
                r -> r.getOfferCode(), r -> new double[] {r.getSuccesses(), r.getFailures()}));
    }

    /**
     * @param offer    the offer (its prior, if it has one)
     * @param evidence successes and failures seen, or {@code null}
     * @return the posterior mean (a0 + s) / (a0 + b0 + s + f)
     */
    double propensity(OfferSpec offer, double[] evidence) {
        double a0 = offer.prior() != null ? offer.prior().alpha() : properties.priorAlpha();
        double b0 = offer.prior() != null ? offer.prior().beta() : properties.priorBeta();
        double s = evidence == null ? 0 : evidence[0];
        double f = evidence == null ? 0 : evidence[1];
        return (a0 + s) / (a0 + b0 + s + f);
    }

    /** Removes a customer's responses (erasure); the tenant-wide counts hold no personal data and stay. */
    @Transactional
    void erase(UUID customerId) {
        dsl.deleteFrom(OFFER_RESPONSE).where(OFFER_RESPONSE.CUSTOMER_ID.eq(customerId)).execute();
    }
}
