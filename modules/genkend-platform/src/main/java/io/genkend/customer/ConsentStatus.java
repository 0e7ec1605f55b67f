package io.genkend.customer;

import java.util.Locale;

/** The state of a consent for one purpose and channel. Only {@link #GRANTED} allows processing. */
public enum ConsentStatus {
    /** The customer agreed (to a given wording version). */
    GRANTED,
    /** The customer said no, or was never asked (the default for marketing). */
    DENIED,
    /** The customer took back an earlier grant (GDPR Art. 7(3)). */
    WITHDRAWN;

    /** @return whether this state allows processing */
    public boolean allows() {
        return this == GRANTED;
    }

    /**
     * @param text {@code granted}, {@code denied} or {@code withdrawn}, any case
     * @return the status
     * @throws IllegalArgumentException for any other text
     */
    public static ConsentStatus parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
