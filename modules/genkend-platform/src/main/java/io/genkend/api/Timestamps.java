package io.genkend.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The date-times the API accepts: RFC 3339 section 5.6 {@code date-time} text (a 4-digit year, {@code T}, an
 * offset {@code Z} or {@code ±hh:mm}), whose instant lies in years 0001 to 9999 UTC. PostgreSQL refuses year 0
 * and Java's 9-digit years (its {@code timestamptz} ends in 294276), so every stored or compared instant passes
 * {@link #storable(Instant)} first.
 */
public final class Timestamps {

    /** The earliest instant accepted: 0001-01-01T00:00:00Z. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant no longer accepted: 10000-01-01T00:00:00Z. */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private Timestamps() {
    }

    /** @return whether {@code at} lies in years 0001 to 9999 UTC */
    public static boolean storable(Instant at) {
        return !at.isBefore(MIN) && at.isBefore(END);
    }

    /**
     * Parses RFC 3339 date-time text.
     *
     * @param text such as {@code 2026-11-29T15:00:00.123+01:00}
     * @return the instant
     * @throws IllegalArgumentException naming the rule when the text is not RFC 3339 with a 4-digit year, or its
     *                                  instant is outside years 0001 to 9999 UTC
     */
    public static Instant parseRfc3339(String text) {
        if (!RFC_3339.matcher(text).matches()) {
            throw new IllegalArgumentException("not an RFC 3339 date-time with a 4-digit year and an offset, "
                    + "such as 2026-11-29T15:00:00Z");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a valid date-time (RFC 3339): " + e.getMessage());
        }
        if (!storable(at)) {
            throw new IllegalArgumentException("out of range: years 0001 to 9999 (UTC)");
        }
        return at;
    }
}
