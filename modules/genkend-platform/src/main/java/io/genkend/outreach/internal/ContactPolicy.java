package io.genkend.outreach.internal;

import io.genkend.customer.Channel;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant's contact policy: frequency caps per channel (or {@code ALL} channels together) and period, quiet hours,
 * and the response window of offers. Periods and quiet hours are read in the customer's time zone from local
 * dates and times ({@link java.time}), so a daylight-saving change (Europe/Copenhagen: the last Sundays of March
 * and October) neither repeats nor skips a day: a day is a {@link LocalDate}, whatever its length, and a quiet
 * window ending at a local time that falls into the spring gap ends at the first valid instant after it.
 *
 * @param caps                per channel name or {@code ALL}, per period, the most messages; absent: no cap
 * @param quietStart          local time quiet hours start, or {@code null} for none
 * @param quietEnd            local time they end (the release time of held messages), or {@code null}
 * @param responseWindowHours hours a customer has to answer an offer before it counts as ignored
 */
record ContactPolicy(Map<String, Map<Period, Integer>> caps, LocalTime quietStart, LocalTime quietEnd,
                     int responseWindowHours) {

    /** The default policy of a tenant that set none: no caps but three a day over all channels, no quiet hours. */
    static final ContactPolicy DEFAULT = new ContactPolicy(Map.of("ALL", Map.of(Period.DAY, 3, Period.WEEK, 10,
            Period.MONTH, 30)), null, null, 72);

    /** A cap period. */
    enum Period {
        DAY, WEEK, MONTH;

        /** @return the key of the period that contains {@code day}: {@code 2026-03-29}, {@code 2026-W13}, {@code 2026-03} */
        String key(LocalDate day) {
            return switch (this) {
                case DAY -> day.toString();
                case WEEK -> day.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                        + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTH -> day.getYear() + "-" + String.format("%02d", day.getMonthValue());
            };
        }

        /** @return the first day after the period that contains {@code day} */
        LocalDate next(LocalDate day) {
            return switch (this) {
                case DAY -> day.plusDays(1);
                case WEEK -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1).plusMonths(1);
            };
        }
    }

    /** @return whether quiet hours are set */
    boolean hasQuietHours() {
        return quietStart != null && quietEnd != null && !quietStart.equals(quietEnd);
    }

    /**
     * When a marketing message decided at {@code now} may be sent: {@code now} outside quiet hours, else the end
     * of the quiet window in the customer's zone (the same night's morning, even across a DST change).
     */
    Instant releaseAt(Instant now, ZoneId zone) {
        if (!hasQuietHours()) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean overnight = quietStart.isAfter(quietEnd);
        boolean quiet = overnight ? !time.isBefore(quietStart) || time.isBefore(quietEnd)
                : !time.isBefore(quietStart) && time.isBefore(quietEnd);
        if (!quiet) {
            return now;
        }
        LocalDate endDay = overnight && !time.isBefore(quietStart) ? local.toLocalDate().plusDays(1)
                : local.toLocalDate();
        // ZonedDateTime.of moves a local time in the spring gap forward by the gap's length.
        return ZonedDateTime.of(endDay, quietEnd, zone).toInstant();
    }

    /**
     * The caps that apply to a message on {@code channel} sent at {@code at}.
     *
     * @return one counter per capped period of the channel and of {@code ALL}: its key suffix, limit and the
     *         instant after which it is no longer needed
     */
    List<Counter> counters(Channel channel, Instant at, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        List<Counter> counters = new ArrayList<>();
        for (String scope : List.of(channel.name(), "ALL")) {
            Map<Period, Integer> limits = caps.get(scope);
            if (limits == null) {
                continue;
            }
            for (Period period : Period.values()) {
                Integer limit = limits.get(period);
                if (limit != null) {
                    Instant end = period.next(day).atStartOfDay(zone).toInstant();
                    counters.add(new Counter(scope + ":" + period + ":" + period.key(day), scope, period, limit, end));
                }
            }
        }
        return counters;
    }

    /**
     * One frequency counter.
     *
     * @param key    key suffix, such as {@code EMAIL:DAY:2026-03-29}
     * @param scope  channel name or {@code ALL}
     * @param period the period
     * @param limit  most messages in it
     * @param end    end of the period (the counter may expire after it)
     */
    record Counter(String key, String scope, Period period, int limit, Instant end) {
    }
}
