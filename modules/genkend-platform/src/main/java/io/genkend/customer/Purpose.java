package io.genkend.customer;

/**
 * Purposes of processing that consent is given for (GDPR Art. 6(1)(a), 7). Marketing is denied until granted.
 */
public enum Purpose {
    /** Offers and other promotional outreach. */
    MARKETING,
    /** Using the customer's data to rank offers (propensity, segments). */
    PROFILING,
    /** Service messages about something the customer asked for (transactional). */
    SERVICE
}
