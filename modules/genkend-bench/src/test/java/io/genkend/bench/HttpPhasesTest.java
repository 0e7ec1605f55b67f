package io.genkend.bench;

import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    void aStepWhoseBacklogOnlyDrainsInTheSettleTimeIsNotSustained() throws InterruptedException {
        genkend.decisionsPerSecond = 5; // 8 events offered at 8/s in one second, decided at 5/s: all by 1.6 s
        BenchOptions options = options("--e2e-rates", "8", "--step-seconds", "1", "--settle-seconds", "3");
        GenkendApi api = new GenkendApi(options.url(), options.apiKey());

        EndToEnd.Result result = new EndToEnd(options, api, DecisionProbe.decisions(api)).measure();

        EndToEnd.Step step = result.steps().get(0);
        assertThat(step.decided()).as("every event was decided within the settle time").isEqualTo(step.accepted());
        assertThat(step.decidedPerSecond()).isLessThan(0.95 * 8);
        assertThat(step.sustained()).as("but the server did not keep up with the sender").isFalse();
        assertThat(result.note()).isEqualTo("not even the lowest rate was sustained");
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

    @Test
    void theIngestWarmUpRunsAtTheMiddleConcurrencyAndCountsInNoStep() throws InterruptedException {
        IngestRate.Result result = new IngestRate(options("--concurrency", "1,2,4", "--warmup-seconds", "1"))
                .measure();

        assertThat(result.warmup().concurrency()).isEqualTo(2);
        assertThat(result.warmup().accepted()).isPositive();
        assertThat(result.steps()).extracting(IngestRate.Step::concurrency).startsWith(1);
        assertThat(result.warmup().accepted() + result.steps().stream().mapToLong(IngestRate.Step::accepted).sum())
                .isEqualTo(genkend.events.get());
    }

    @Test
    void theEndToEndWarmUpRunsAtItsRateAndCountsInNoStep() throws InterruptedException {
        BenchOptions options = options("--e2e-rates", "2", "--warmup-seconds", "1", "--warmup-rate", "3");
        GenkendApi api = new GenkendApi(options.url(), options.apiKey());

        EndToEnd.Result result = new EndToEnd(options, api, DecisionProbe.decisions(api)).measure();

        assertThat(result.note()).isNull();
        assertThat(result.warmup().offered()).isEqualTo(3);
        assertThat(result.warmup().accepted()).isEqualTo(3);
        assertThat(result.steps()).extracting(EndToEnd.Step::offered).containsExactly(2);
        assertThat(result.steps().get(0).accepted()).isEqualTo(2);
        assertThat(genkend.events.get()).isEqualTo(3 + 2 + result.atHalf().accepted());
        assertThat(result.backlog()).isNull();
    }

    @Test
    void theFloorDeploysItsModelAsAFilePartAndSendsItsOwnEventsAndCustomers() throws InterruptedException {
        BenchOptions options = options("--floor-rates", "2", "--floor-warmup-seconds", "0");
        GenkendApi api = new GenkendApi(options.url(), options.apiKey());

        GenkendApi.Answer answer = api.deploy(FloorJourney.FILE, FloorJourney.model());
        EndToEnd.Result result = new EndToEnd(options, api, DecisionProbe.decisions(api), null,
                EndToEnd.Path.floor(options)).measure();

        assertThat(answer.status()).isEqualTo(201);
        assertThat(genkend.deployed).singleElement().satisfies(request -> {
            assertThat(request).startsWith("multipart/form-data; boundary=");
            assertThat(request).contains("Content-Disposition: form-data; name=\"file\"; filename=\"bench-floor.bpmn\"");
            assertThat(request).contains("<bpmn:process id=\"benchFloor\"", "name=\"event:bench.floor\"",
                    "name=\"" + FloorJourney.WAIT + "\"", "<bpmn:serviceTask id=\"noop\" name=\"No-op step\" camunda:expression=\"${true}\" />");
        });
        assertThat(result.note()).isNull();
        assertThat(result.steps()).extracting(EndToEnd.Step::offered).containsExactly(2);
        assertThat(genkend.tracked).isNotEmpty()
                .allSatisfy(t -> assertThat(t).startsWith("bench.floor bench-floor-"));
    }

    private BenchOptions options(String... more) {
        String url = server.url("/").toString();
        List<String> args = new ArrayList<>(List.of("--phases", "ingest,e2e", "--url", url, "--api-key", "gk_x",
                "--step-seconds", "1", "--settle-seconds", "2", "--warmup-seconds", "0", "--pause-seconds", "0"));
        args.addAll(List.of(more));
        return BenchOptions.parse(args.toArray(String[]::new), Map.of());
    }
}
