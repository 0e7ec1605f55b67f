package io.genkend.outreach.internal;

import io.genkend.customer.Channel;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quiet hours and cap periods in the customer's zone, across Europe/Copenhagen's daylight-saving changes (29 March
 * and 25 October 2026, the last Sundays), with fixed clocks.
 */
class ContactPolicyTest {

    private static final ZoneId COPENHAGEN = ZoneId.of("Europe/Copenhagen");
    private final ContactPolicy policy = new ContactPolicy(
            Map.of("EMAIL", Map.of(ContactPolicy.Period.DAY, 1, ContactPolicy.Period.WEEK, 3),
                    "ALL", Map.of(ContactPolicy.Period.MONTH, 10)),
            LocalTime.of(21, 0), LocalTime.of(8, 0), 72);

    private static Clock at(String local) {
        return Clock.fixed(ZonedDateTime.of(java.time.LocalDateTime.parse(local), COPENHAGEN).toInstant(), COPENHAGEN);
    }

    @Test
    void aMessageInQuietHoursIsHeldUntilTheMorningAcrossTheSpringChange() {
        Clock evening = at("2026-03-28T22:30");
        Instant release = policy.releaseAt(evening.instant(), COPENHAGEN);
        assertThat(release.atZone(COPENHAGEN).toLocalDateTime()).isEqualTo("2026-03-29T08:00");
        // The night is an hour shorter: 22:30 CET to 08:00 CEST is 8.5 hours.
        assertThat(Duration.between(evening.instant(), release)).isEqualTo(Duration.ofMinutes(510));
    }

    @Test
    void aMessageInQuietHoursIsHeldUntilTheMorningAcrossTheAutumnChange() {
        Clock evening = at("2026-10-24T23:00");
        Instant release = policy.releaseAt(evening.instant(), COPENHAGEN);
        assertThat(release.atZone(COPENHAGEN).toLocalDateTime()).isEqualTo("2026-10-25T08:00");
        assertThat(Duration.between(evening.instant(), release)).isEqualTo(Duration.ofHours(10));
        // After midnight, in the repeated hour 02:00-03:00, it is still the same morning.
        Instant repeated = ZonedDateTime.ofLocal(java.time.LocalDateTime.parse("2026-10-25T02:30"), COPENHAGEN,
                java.time.ZoneOffset.ofHours(1)).toInstant();
        assertThat(policy.releaseAt(repeated, COPENHAGEN).atZone(COPENHAGEN).toLocalDateTime())
                .isEqualTo("2026-10-25T08:00");
    }

    @Test
    void outsideQuietHoursAMessageGoesAtOnce() {
        Instant noon = at("2026-03-29T12:00").instant();
        assertThat(policy.releaseAt(noon, COPENHAGEN)).isEqualTo(noon);
        Instant beforeEnd = at("2026-03-29T07:59").instant();
        assertThat(policy.releaseAt(beforeEnd, COPENHAGEN).atZone(COPENHAGEN).toLocalTime()).isEqualTo("08:00");
    }

    @Test
    void aQuietWindowEndingInTheSpringGapEndsAtTheFirstValidInstantAfterIt() {
        ContactPolicy gap = new ContactPolicy(Map.of(), LocalTime.of(1, 0), LocalTime.of(2, 30), 72);
        Instant release = gap.releaseAt(at("2026-03-29T01:30").instant(), COPENHAGEN);
        assertThat(release.atZone(COPENHAGEN).toLocalDateTime()).isEqualTo("2026-03-29T03:30");
    }

    @Test
    void dayCountersNeitherSkipNorRepeatADayAcrossBothChanges() {
        for (String start : List.of("2026-03-27T00:00", "2026-10-23T00:00")) {
            Instant t = at(start).instant();
            List<String> days = new ArrayList<>();
            for (int hour = 0; hour < 24 * 5 - 2; hour++) {
                String key = policy.counters(Channel.EMAIL, t.plus(Duration.ofHours(hour)), COPENHAGEN).stream()
                        .filter(c -> c.period() == ContactPolicy.Period.DAY).findFirst().orElseThrow().key();
                if (days.isEmpty() || !days.get(days.size() - 1).equals(key)) {
                    days.add(key);
                }
            }
            LocalDate first = LocalDate.parse(start.substring(0, 10));
            assertThat(days).containsExactly(
                    "EMAIL:DAY:" + first, "EMAIL:DAY:" + first.plusDays(1), "EMAIL:DAY:" + first.plusDays(2),
                    "EMAIL:DAY:" + first.plusDays(3), "EMAIL:DAY:" + first.plusDays(4));
        }
    }

    @Test
    void theShortAndTheLongDayEachEndAtTheirOwnMidnight() {
        Instant springDay = at("2026-03-29T12:00").instant();
        ContactPolicy.Counter day = policy.counters(Channel.EMAIL, springDay, COPENHAGEN).get(0);
        assertThat(day.key()).isEqualTo("EMAIL:DAY:2026-03-29");
        assertThat(day.end()).isEqualTo(at("2026-03-30T00:00").instant());
        assertThat(Duration.between(at("2026-03-29T00:00").instant(), day.end())).isEqualTo(Duration.ofHours(23));

        Instant autumnDay = at("2026-10-25T12:00").instant();
        ContactPolicy.Counter longDay = policy.counters(Channel.EMAIL, autumnDay, COPENHAGEN).get(0);
        assertThat(Duration.between(at("2026-10-25T00:00").instant(), longDay.end())).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void weeksAreIsoWeeksAndMonthCapsCountAllChannels() {
        Instant sunday = at("2026-03-29T12:00").instant();
        List<ContactPolicy.Counter> sms = policy.counters(Channel.SMS, sunday, COPENHAGEN);
        assertThat(sms).extracting(ContactPolicy.Counter::key).containsExactly("ALL:MONTH:2026-03");
        List<ContactPolicy.Counter> email = policy.counters(Channel.EMAIL, sunday, COPENHAGEN);
        assertThat(email).extracting(ContactPolicy.Counter::key)
                .containsExactly("EMAIL:DAY:2026-03-29", "EMAIL:WEEK:2026-W13", "ALL:MONTH:2026-03");
    }
}
