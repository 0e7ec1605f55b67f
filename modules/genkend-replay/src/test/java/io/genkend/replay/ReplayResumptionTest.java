package io.genkend.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.replay.bank.BankMapping;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.genkend.replay.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replays the bank fixture against a real local HTTP server that records what it was sent. */
class ReplayResumptionTest {

    private final Path file = fixture("bank_sample_200.csv");
    private final FakeGenkend genkend = new FakeGenkend();
    private final MockWebServer server = new MockWebServer();
    private final List<Duration> waits = new ArrayList<>();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @TempDir
    Path dir;

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
    void anInterruptedReplayResumesAfterTheLastAcknowledgedRowAndLosesNothing() throws IOException {
        ReplayOptions options = options(50, false);
        MappedFile mapped = new BankMapping().map(file, options);
        genkend.answerBeforeFailing.set(3);

        assertThatThrownBy(() -> replayer(options).run(mapped))
                .isInstanceOf(ReplayStopped.class)
                .matches(e -> ((ReplayStopped) e).resumable());
        Checkpoint checkpoint = Checkpoint.read(options.checkpoint());
        assertThat(checkpoint.unitsDone()).isPositive().isLessThan(200);
        int storedAfterFirstRun = genkend.stored.size();
        assertThat(checkpoint.summary().accepted()).isEqualTo(storedAfterFirstRun);

        genkend.answerBeforeFailing.set(Integer.MAX_VALUE);
        int requestsBefore = genkend.batches.size();
        Summary summary = replayer(options).run(mapped);

        // the second run starts at the first unacknowledged row
        String firstResent = genkend.batches.get(requestsBefore).get(0);
        assertThat(firstResent).isEqualTo(
                mapped.units().get(checkpoint.unitsDone()).events().get(0).path("messageId").asText());
        assertThat(genkend.stored).containsExactlyInAnyOrderElementsOf(allIds(mapped));
        assertThat(summary.accepted()).isEqualTo(mapped.eventCount());
        assertThat(summary.duplicates()).isZero();
        assertThat(Checkpoint.read(options.checkpoint()).unitsDone()).isEqualTo(200);
    }

    @Test
    void aBatchStoredButNotAnsweredIsResentWithTheSameIdsAndCountedAsDuplicates() throws IOException {
        ReplayOptions options = options(40, false);
        MappedFile mapped = new BankMapping().map(file, options);
        genkend.dropAfterStoring.set(1);

        Summary summary = replayer(options).run(mapped);

        assertThat(genkend.batches.get(1)).isEqualTo(genkend.batches.get(0));
        assertThat(summary.duplicates()).isEqualTo(genkend.batches.get(0).size());
        assertThat(summary.accepted() + summary.duplicates()).isEqualTo(mapped.eventCount());
        assertThat(genkend.stored).hasSize(mapped.eventCount());
        assertThat(waits).isNotEmpty();
    }

    @Test
    void replayingTheSameFileAgainIsAnsweredAsDuplicates() throws IOException {
        MappedFile mapped = new BankMapping().map(file, options(100, false));
        replayer(options(100, false)).run(mapped);

        Summary again = replayer(options(100, true)).run(mapped);

        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(mapped.eventCount());
    }

    @Test
    void throttlingIsWaitedOutAndRejectionsAreCountedWithTheirReason() throws IOException {
        ReplayOptions options = options(100, false);
        MappedFile bank = new BankMapping().map(file, options);
        List<ReplayUnit> units = new ArrayList<>(bank.units().subList(0, 3));
        ObjectNode invalid = Segment.track("bank-client-x", "invalid.event", null);
        invalid.put("messageId", "bad-1");
        units.add(new ReplayUnit("row x", 1, 4, List.of(invalid)));
        genkend.throttleOnce.set(1);

        Summary summary = replayer(options).run(new MappedFile(units, List.of(
                new MappedFile.SkippedRow(2, "no CustomerID"), new MappedFile.SkippedRow(4, "no CustomerID"))));

        assertThat(waits).contains(Duration.ofSeconds(2));
        assertThat(summary.rejected()).containsOnlyKeys("400 The event name is not allowed [event: not allowed]");
        assertThat(summary.accepted()).isEqualTo(bank.units().subList(0, 3).stream().mapToInt(u -> u.events().size()).sum());
        assertThat(summary.skippedRows()).containsEntry("no CustomerID", 2L);
    }

    @Test
    void underALimitTheSummaryCountsOnlyTheSkippedRowsItRead() throws IOException {
        MappedFile bank = new BankMapping().map(file, options(100, false));
        // rows 3 and 150 were not sent: the first lies among the rows read for three units, the second after them
        List<ReplayUnit> units = List.of(bank.units().get(0), bank.units().get(1), bank.units().get(3),
                bank.units().get(4));
        MappedFile mapped = new MappedFile(units, List.of(new MappedFile.SkippedRow(3, "malformed number"),
                new MappedFile.SkippedRow(150, "malformed number")));
        ReplayOptions limited = new ReplayOptions(URI.create(server.url("/").toString()), "gk_test", "bank", file, 0,
                100, dir.resolve("limited.checkpoint"), false, 3, false, Map.of(), false);

        Summary summary = replayer(limited).run(mapped);

        assertThat(summary.skippedRows()).containsExactlyEntriesOf(Map.of("malformed number", 1L));
        assertThat(replayer(options(100, true)).run(mapped).skippedRows())
                .containsExactlyEntriesOf(Map.of("malformed number", 2L));
    }

    @Test
    void aWrongKeyStopsWithoutRetrying() throws IOException {
        ReplayOptions options = options(100, false);
        genkend.expectedKey = "another";

        assertThatThrownBy(() -> replayer(options).run(new BankMapping().map(file, options)))
                .isInstanceOf(ReplayStopped.class)
                .hasMessageContaining("401")
                .matches(e -> !((ReplayStopped) e).resumable());
        assertThat(genkend.batches).hasSize(0);
    }

    @Test
    void theCommandLineReplaysTheFileAndPrintsTheSummary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Replay.run(new String[]{"--url", server.url("/").toString(), "--api-key", "gk_test",
                        "--pack", "bank", "--file", file.toString(), "--checkpoint", dir.resolve("cli.cp").toString(),
                        "--limit", "20", "--batch", "25"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(printed).contains("accepted:   " + genkend.stored.size(), "duplicates: 0", "rejected:   0");
        assertThat(genkend.stored).hasSizeGreaterThanOrEqualTo(40);
        assertThat(printed).as("the first line counts what --limit sends").containsPattern(
                "Replaying [^:]+: 20 of the file's \\d+ units \\(--limit\\), " + genkend.stored.size() + " events to ");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("100%");
    }

    private Replayer replayer(ReplayOptions options) {
        EventsClient.Sleeper sleeper = waits::add;
        return new Replayer(options, new EventsClient(options.url(), options.apiKey(), sleeper), sleeper,
                new PrintStream(progress, true, StandardCharsets.UTF_8), false);
    }

    private ReplayOptions options(int batch, boolean restart) {
        return new ReplayOptions(URI.create(server.url("/").toString()), "gk_test", "bank", file, 0, batch,
                dir.resolve("bank.checkpoint"), restart, 0, false, Map.of(), false);
    }

    private static List<String> allIds(MappedFile mapped) {
        List<String> ids = new ArrayList<>();
        mapped.units().forEach(u -> u.events().forEach(e -> ids.add(e.path("messageId").asText())));
        return ids;
    }
}
