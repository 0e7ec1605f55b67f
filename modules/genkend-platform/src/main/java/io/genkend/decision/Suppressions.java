package io.genkend.decision;

import java.time.Duration;
import java.util.UUID;

/** Suppression of an offer category for a customer: the "suppress a category for a period" step. */
public interface Suppressions {

    /**
     * Suppresses a category for a customer of the current tenant; no offer of it passes applicability until then.
     *
     * @param customerId the customer
     * @param category   offer category, such as {@code car-glass}
     * @param period     how long, from now
     * @param reason     why, shown on the timeline
     */
    void suppress(UUID customerId, String category, Duration period, String reason);
}
