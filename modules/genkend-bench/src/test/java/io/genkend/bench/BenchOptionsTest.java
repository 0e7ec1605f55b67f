package io.genkend.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void defaultsMeasureAllThreeFiguresOnLoopback() {
        BenchOptions options = BenchOptions.parse(new String[]{"--api-key", "gk_x"}, Map.of());

        assertThat(options.phases()).containsExactlyInAnyOrder("commit", "ingest", "e2e");
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8080");
        assertThat(options.commitThreads()).startsWith(1, 2, 4);
        assertThat(options.step().toSeconds()).isEqualTo(10);
    }

    @Test
    void theFloorIsOnRequestAndNeedsGenkendsDatabase() {
        BenchOptions floor = BenchOptions.parse(new String[]{"--phases", "e2e,floor", "--api-key", "k",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/genkend", "--floor-rates", "50,500",
                "--floor-warmup-seconds", "0"}, Map.of());
        assertThat(floor.phases()).containsExactlyInAnyOrder("e2e", "floor");
        assertThat(floor.floorRates()).containsExactly(50, 500);
        assertThat(floor.floorWarmup()).isZero();
        BenchOptions defaults = BenchOptions.parse(new String[]{"--phases", "floor", "--api-key", "k",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/genkend"}, Map.of());
        assertThat(defaults.floorRates()).startsWith(100, 150, 200);
        assertThat(defaults.floorWarmup().toSeconds()).isEqualTo(60);

        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "floor", "--api-key", "k"}, Map.of()))
                .hasMessageContaining("--jdbc-url");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "floor",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/genkend"}, Map.of())).hasMessageContaining("--api-key");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "floor", "--api-key", "k",
                "--jdbc-url", "jdbc:postgresql://10.1.2.3:5432/genkend"}, Map.of())).hasMessageContaining("loopback");
    }

    @Test
    void refusesTargetsOffThisMachine() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--api-key", "k", "--url", "http://10.1.2.3:8080"},
                Map.of())).hasMessageContaining("loopback");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "commit",
                "--jdbc-url", "jdbc:postgresql://10.1.2.3:5432/x"}, Map.of())).hasMessageContaining("loopback");
    }

    @Test
    void commitAloneNeedsNoApiKey() {
        assertThat(BenchOptions.parse(new String[]{"--phases", "commit"}, Map.of()).apiKey()).isNull();
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "ingest"}, Map.of()))
                .hasMessageContaining("--api-key");
    }

    @Test
    void warmUpDrainAndPauseHaveDefaultsAndCanBeSet() {
        BenchOptions defaults = BenchOptions.parse(new String[]{"--api-key", "k"}, Map.of());
        assertThat(defaults.warmup().toSeconds()).isEqualTo(60);
        assertThat(defaults.e2eWarmup().toSeconds()).isEqualTo(240);
        assertThat(defaults.warmupRate()).isEqualTo(20);
        assertThat(defaults.drain().toSeconds()).isEqualTo(120);
        assertThat(defaults.pause().toSeconds()).isEqualTo(5);

        BenchOptions set = BenchOptions.parse(new String[]{"--api-key", "k", "--warmup-seconds", "0",
                "--warmup-rate", "7", "--drain-seconds=30", "--pause-seconds", "1"}, Map.of());
        assertThat(set.warmup().isZero()).isTrue();
        assertThat(set.e2eWarmup().isZero()).as("--warmup-seconds alone applies to (c) too").isTrue();
        BenchOptions e2e = BenchOptions.parse(new String[]{"--api-key", "k", "--warmup-seconds", "10",
                "--e2e-warmup-seconds", "300"}, Map.of());
        assertThat(e2e.warmup().toSeconds()).isEqualTo(10);
        assertThat(e2e.e2eWarmup().toSeconds()).isEqualTo(300);
        assertThat(set.warmupRate()).isEqualTo(7);
        assertThat(set.drain().toSeconds()).isEqualTo(30);
        assertThat(set.pause().toSeconds()).isEqualTo(1);
    }

    @Test
    void refusesNegativeOrOddWarmUpSettings() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--api-key", "k", "--warmup-seconds", "-1"},
                Map.of())).hasMessageContaining("--warmup-seconds");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--api-key", "k", "--drain-seconds", "soon"},
                Map.of())).hasMessageContaining("--drain-seconds");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--api-key", "k", "--warmup-rate", "10,20"},
                Map.of())).hasMessageContaining("--warmup-rate");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--api-key", "k", "--warmup-rate", "0"},
                Map.of())).hasMessageContaining("at least 1");
    }

    @Test
    void theDatabaseProbeIsTheDefaultOnlyWhenAJdbcUrlIsGiven() {
        assertThat(BenchOptions.parse(new String[]{"--api-key", "k"}, Map.of()).probe()).isEqualTo("timeline");
        assertThat(BenchOptions.parse(new String[]{"--api-key", "k", "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:5432/genkend"}, Map.of()).probe()).isEqualTo("database");
        assertThat(BenchOptions.parse(new String[]{"--api-key", "k", "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:5432/genkend", "--probe", "decisions"}, Map.of()).probe())
                .isEqualTo("decisions");
    }

    @Test
    void theDatabaseProbeNeedsAnExplicitLoopbackJdbcUrl() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "e2e", "--api-key", "k", "--probe",
                "database"}, Map.of())).hasMessageContaining("--jdbc-url");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--phases", "e2e", "--api-key", "k", "--jdbc-url",
                "jdbc:postgresql://10.1.2.3:5432/genkend"}, Map.of())).hasMessageContaining("loopback");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--api-key", "k", "--probe", "psychic"},
                Map.of())).hasMessageContaining("database, timeline or decisions");
    }
}
