package io.genkend.customer;

import java.time.Instant;
import java.util.UUID;

/** Consent checks for outreach: marketing is denied until granted (GDPR Art. 7). */
public interface Consents {

    /**
     * @return whether the current tenant's customer has granted {@code purpose} on {@code channel} and not
     *         withdrawn it since; {@code false} for an unknown customer
     */
    boolean isGranted(UUID customerId, Purpose purpose, Channel channel);

    /**
     * Records a withdrawal of {@code purpose} on {@code channel} (on every channel when {@code channel} is
     * {@code null}) in the current tenant's consent ledger, as proof with its source; channels already withdrawn
     * or never granted get no new row. Used when a customer objects through a message's link (GDPR Art. 21).
     *
     * @param at     when the customer withdrew
     * @param source where it came from, such as {@code objection link}
     * @return how many withdrawals were recorded
     */
    int withdraw(UUID customerId, Purpose purpose, Channel channel, Instant at, String source);
}
