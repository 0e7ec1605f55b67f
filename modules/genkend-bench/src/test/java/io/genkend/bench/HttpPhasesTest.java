package io.genkend.bench;

import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Figures (b) and (c) against a stand-in for Genkend on a real local HTTP server. */
class HttpPhasesTest {

    private final FakeGenkendApi genkend = new FakeGenkendApi();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(genkend);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void ingestCountsOnly202AndStopsWhenOtherAnswersExceedOnePercent() throws InterruptedException {
        genkend.throttleEvery = 10;

        IngestRate.Result result = new IngestRate(options("--concurrency", "1,2,4")).measure();

        assertThat(result.steps()).hasSize(1);
        IngestRate.Step step = result.best();
        assertThat(step.accepted()).isPositive();
        assertThat(step.others()).containsKey(429);
        assertThat(step.accepted() + step.others().get(429)).isEqualTo(genkend.events.get());
        assertThat(step.p99Millis()).isGreaterThanOrEqualTo(step.p50Millis());
    }

    @Test
    void endToEndFindsTheHighestSustainedRateAndMeasuresLatencyAtHalf() throws InterruptedException {
        BenchOptions options = options("--e2e-rates", "2,4");
        GenkendApi api = new GenkendApi(options.url(), options.apiKey());

        EndToEnd.Result result = new EndToEnd(options, api, DecisionProbe.timeline(api, "outreach")).measure();

        assertThat(result.note()).isNull();
        assertThat(result.highestSustained().offered()).isEqualTo(4);
        assertThat(result.atHalf().offered()).isEqualTo(2);
        assertThat(result.atHalf().decided()).isEqualTo(result.atHalf().accepted());
        // the decision is 5 ms after arrival on the server; the 202 arrives after that instant or shortly before
        assertThat(result.atHalf().p99Millis()).isLessThan(1000);
    }

    @Test
    void theDecisionsProbeReadsTheCustomersStoredDecisions() throws InterruptedException {
        BenchOptions options = options("--e2e-rates", "2");
        GenkendApi api = new GenkendApi(options.url(), options.apiKey());

        EndToEnd.Result result = new EndToEnd(options, api, DecisionProbe.decisions(api)).measure();

        assertThat(result.note()).isNull();
        assertThat(result.atHalf().decided()).isEqualTo(result.atHalf().accepted());
    }

    @Test
    void endToEndSaysWhyWhenNoDecisionIsSeen() throws InterruptedException {
        genkend.decides = false;
        BenchOptions options = options("--e2e-rates", "2");
        GenkendApi api = new GenkendApi(options.url(), options.apiKey());

        EndToEnd.Result result = new EndToEnd(options, api, DecisionProbe.timeline(api, "outreach")).measure();

        assertThat(result.note()).contains("no decision was seen");
        assertThat(result.highestSustained()).isNull();
    }

    private BenchOptions options(String name, String value) {
        String url = server.url("/").toString();
        return BenchOptions.parse(new String[]{"--phases", "ingest,e2e", "--url", url, "--api-key", "gk_x",
                "--step-seconds", "1", "--settle-seconds", "2", name, value}, Map.of());
    }
}
