package io.genkend.journey.internal.steps;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * Date arithmetic for timer expressions in journeys ({@code ${journeyTime.minusDays(appointmentAt, 1)}}). Accepts
 * ISO 8601 instants ({@code 2026-12-01T09:00:00Z}), offset date-times, local date-times and dates (read as UTC),
 * {@link Date}s and epoch milliseconds; answers {@link Date}s, as Camunda timers expect.
 */
@Component("journeyTime")
public class JourneyTime {

    /** @return {@code value} as a date-time */
    public Date parse(Object value) {
        return Date.from(instant(value));
    }

    /** @return {@code days} days before {@code value} (a time in the past makes a timer fire at once) */
    public Date minusDays(Object value, int days) {
        return Date.from(instant(value).minus(days, ChronoUnit.DAYS));
    }

    /** @return {@code days} days after {@code value} */
    public Date plusDays(Object value, int days) {
        return Date.from(instant(value).plus(days, ChronoUnit.DAYS));
    }

    /**
     * For a gateway before a timer that may already be due: {@code ${journeyTime.isPast(journeyTime.minusDays(
     * appointmentAt, 1))}} goes straight on instead of through a timer job that would fire at once.
     *
     * @return whether {@code value} is now or in the past
     */
    public boolean isPast(Object value) {
        return !instant(value).isAfter(Instant.now());
    }

    /** @return {@code days} days from now */
    public Date inDays(int days) {
        return Date.from(Instant.now().plus(days, ChronoUnit.DAYS));
    }

    static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        if (value == null) {
            throw new IllegalArgumentException("No date given");
        }
        String text = value.toString().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            // try the next shape
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            // try the next shape
        }
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
