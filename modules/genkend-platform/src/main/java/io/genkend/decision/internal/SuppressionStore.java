package io.genkend.decision.internal;

import io.genkend.decision.OfferSpec;

import io.genkend.decision.Suppressions;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.genkend.schema.Tables.SUPPRESSION;

/**
 * Suppressions of a category or of one offer for a customer until a time: the journey step "suppress a category
 * for a period", and the pause of an offer a customer ignored twice.
 */
@Service
class SuppressionStore implements Suppressions {

    private final DSLContext dsl;
    private final Clock clock;

    SuppressionStore(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void suppress(UUID customerId, String category, Duration period, String reason) {
        insert(customerId, category, null, period, reason);
    }

    /** Suppresses one offer (not its whole category) for a customer. */
    @Transactional
    void suppressOffer(UUID customerId, String offerCode, Duration period, String reason) {
        insert(customerId, null, offerCode, period, reason);
    }

    /** @return the customer's suppressions still in force */
    @Transactional(readOnly = true)
    List<Active> activeFor(UUID customerId) {
        return dsl.selectFrom(SUPPRESSION)
                .where(SUPPRESSION.CUSTOMER_ID.eq(customerId).and(SUPPRESSION.UNTIL.gt(clock.instant())))
                .orderBy(SUPPRESSION.UNTIL.desc())
                .fetch(r -> new Active(r.getCategory(), r.getOfferCode(), r.getUntil(), r.getReason()));
    }

    /** Removes a customer's suppressions (erasure). */
    @Transactional
    void erase(UUID customerId) {
        dsl.deleteFrom(SUPPRESSION).where(SUPPRESSION.CUSTOMER_ID.eq(customerId)).execute();
    }

    private void insert(UUID customerId, String category, String offerCode, Duration period, String reason) {
        if (customerId == null || (category == null && offerCode == null) || period == null
                || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("A suppression needs a customer, a category or offer and a period");
        }
        dsl.insertInto(SUPPRESSION)
                .set(SUPPRESSION.ID, UUID.randomUUID())
                .set(SUPPRESSION.TENANT_ID, TenantContext.require().id())
                .set(SUPPRESSION.CUSTOMER_ID, customerId)
                .set(SUPPRESSION.CATEGORY, category)
                .set(SUPPRESSION.OFFER_CODE, offerCode)
                .set(SUPPRESSION.UNTIL, clock.instant().plus(period))
                .set(SUPPRESSION.REASON, reason == null ? "suppressed" : reason)
                .execute();
    }

    /**
     * A suppression in force.
     *
     * @param category  the category, or {@code null} when one offer is suppressed
     * @param offerCode the offer, or {@code null} when a category is
     * @param until     end
     * @param reason    why
     */
    record Active(String category, String offerCode, Instant until, String reason) {
        boolean covers(OfferSpec offer) {
            return offer.category().equals(category) || offer.code().equals(offerCode);
        }
    }
}
