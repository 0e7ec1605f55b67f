package io.genkend.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MachineCpuTest {

    @Test
    void busyIsEverythingButIdleAndIowaitWithoutCountingGuestTimeTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu.Reading r = MachineCpu.parse("cpu  100 5 40 800 20 3 2 0 50 0");

        assertThat(r.total()).isEqualTo(970);
        assertThat(r.busy()).isEqualTo(150);
    }

    @Test
    void busyMillisPerSecondScalesTheBusyShareByTheProcessors() {
        MachineCpu.Reading from = new MachineCpu.Reading(1_000, 10_000);
        MachineCpu.Reading to = new MachineCpu.Reading(1_150, 10_200);

        assertThat(MachineCpu.busyMillisPerSecond(from, to, 2)).isCloseTo(1500.0, within(1e-9));
        assertThat(MachineCpu.busyMillisPerSecond(from, from, 2)).as("no tick passed").isNaN();
        assertThat(MachineCpu.busyMillisPerSecond(null, to, 2)).isNaN();
    }

    @Test
    void readsThisMachineOrNothing() {
        MachineCpu.Reading r = MachineCpu.read();
        if (r != null) {
            assertThat(r.total()).isGreaterThanOrEqualTo(r.busy()).isPositive();
        }
        assertThatThrownBy(() -> MachineCpu.parse("intr 1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepGivesItsCpuPerEvent() {
        EndToEnd.Step step = new EndToEnd.Step(100, 100.0, 1000, 1000, 100.0, 4.0, 9.0, true, 1200.0);

        assertThat(step.cpuMillisPerEvent()).isCloseTo(12.0, within(1e-9));
        assertThat(EndToEnd.cpu(step)).isEqualTo("1200 ms/s (12.0 ms per event)");
    }
}
