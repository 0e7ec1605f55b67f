package io.genkend.customer;

import java.util.UUID;

/** Consent checks for outreach: marketing is denied until granted (GDPR Art. 7). */
public interface Consents {

    /**
     * @return whether the current tenant's customer has granted {@code purpose} on {@code channel} and not
     *         withdrawn it since; {@code false} for an unknown customer
     */
    boolean isGranted(UUID customerId, Purpose purpose, Channel channel);
}
