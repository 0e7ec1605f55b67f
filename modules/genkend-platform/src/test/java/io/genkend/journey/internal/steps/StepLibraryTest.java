package io.genkend.journey.internal.steps;

import io.genkend.journey.EntryRule;
import io.genkend.journey.StepFailedException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fast checks of the step library's pure parts: date arithmetic, trait parsing, entry rules. */
class StepLibraryTest {

    private final JourneyTime time = new JourneyTime();

    @Test
    void journeyTimeReadsTheShapesEventsCarry() {
        Instant nine = Instant.parse("2026-12-01T09:00:00Z");
        assertThat(time.parse("2026-12-01T09:00:00Z")).isEqualTo(Date.from(nine));
        assertThat(time.parse("2026-12-01T10:00:00+01:00")).isEqualTo(Date.from(nine));
        assertThat(time.parse("2026-12-01T09:00:00")).isEqualTo(Date.from(nine));
        assertThat(time.parse("2026-12-01")).isEqualTo(Date.from(Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(time.parse(nine.toEpochMilli())).isEqualTo(Date.from(nine));
        assertThat(time.minusDays("2026-12-01T09:00:00Z", 1)).isEqualTo(Date.from(Instant.parse(
                "2026-11-30T09:00:00Z")));
        assertThat(time.plusDays(Date.from(nine), 2)).isEqualTo(Date.from(Instant.parse("2026-12-03T09:00:00Z")));
        assertThatThrownBy(() -> time.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void traitsAreTypedWhereTheyLookTyped() {
        assertThat(UpdateTraitsStep.parse("windscreenReplaced=true; visits=3;score=0.75;lastPart=windscreen;bad"))
                .containsEntry("windscreenReplaced", true).containsEntry("visits", 3L)
                .containsEntry("score", 0.75).containsEntry("lastPart", "windscreen").hasSize(4);
    }

    @Test
    void entryRulesAsWrittenInBpmn() {
        assertThat(EntryRule.parse(null)).isEqualTo(EntryRule.REENTRY_AFTER_EXIT);
        assertThat(EntryRule.parse("no-reentry")).isEqualTo(EntryRule.NO_REENTRY);
        assertThat(EntryRule.parse("ANY_TIME")).isEqualTo(EntryRule.ANY_TIME);
        assertThat(EntryRule.ANY_TIME.bpmnValue()).isEqualTo("any-time");
        assertThatThrownBy(() -> EntryRule.parse("sometimes")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StepFailedException("x")).hasMessage("x");
    }
}
