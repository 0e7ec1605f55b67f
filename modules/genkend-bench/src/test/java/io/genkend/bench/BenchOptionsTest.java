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
}
