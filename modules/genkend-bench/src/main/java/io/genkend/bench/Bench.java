package io.genkend.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * {@code java -jar genkend-bench.jar --api-key gk_...}: measures, in one run on one machine, (a) PostgreSQL's
 * single-row commit rate S ({@link CommitLimit}), (b) Genkend's ingest rate ({@link IngestRate}) and (c) the
 * dealer journey's end-to-end rate and latency ({@link EndToEnd}), and prints each figure with its ratio to S; on
 * request ({@code --phases ...,floor}) also the floor, the same measurement through a no-op journey of the dealer
 * journey's shape ({@link FloorJourney}), and for both the whole machine's CPU per event ({@link MachineCpu}).
 * Progress goes to stderr, the figures to stdout. See {@link BenchOptions#USAGE}.
 */
public final class Bench {

    private Bench() {
    }

    /** Runs the phases asked for and prints the figures. */
    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 1);
            return;
        }
        System.out.println("machine: " + machine());
        Double s = null;
        if (options.phases().contains("commit")) {
            System.err.println("(a) single-row INSERT + COMMIT per second on " + options.jdbcUrl());
            CommitLimit.Result a = new CommitLimit(options).measure();
            s = a.best().perSecond();
            System.out.println("postgresql: " + a.server());
            System.out.println("settings: " + a.settings());
            StringBuilder steps = new StringBuilder();
            a.steps().forEach(st -> steps.append(String.format(Locale.ROOT, " %d:%.0f", st.threads(), st.perSecond())));
            System.out.printf(Locale.ROOT, "(a) S = %.0f commits/s (best at %d threads; threads:commits/s%s)%n",
                    s, a.best().threads(), steps);
        }
        GenkendApi api = options.apiKey() == null ? null : new GenkendApi(options.url(), options.apiKey());
        if (options.phases().contains("ingest")) {
            System.err.println("(b) ingest: POST /api/v1/events, one event per request, rising concurrency");
            IngestRate.Result b;
            try (ServerState state = ServerState.open(options)) {
                b = new IngestRate(options, state).measure();
            }
            System.out.printf(Locale.ROOT, "(b) ingest = %.0f events/s answered 202 (at %d clients; p50 %.1f ms, p99 %.1f ms)%s%n",
                    b.best().perSecond(), b.best().concurrency(), b.best().p50Millis(), b.best().p99Millis(),
                    ratio(b.best().perSecond(), s, 30));
            if (!b.best().others().isEmpty()) {
                System.out.println("    answers other than 202 in the best step: " + b.best().others());
            }
        }
        if (options.phases().contains("e2e")) {
            System.err.println("(c) end to end: repair.booked accepted -> outreach decided (dealer journey), probe "
                    + options.probe());
            DecisionProbe probe;
            try {
                probe = probe(options, api);
            } catch (SQLException | IllegalStateException e) {
                System.out.println("(c) not measured: the database probe cannot read " + options.jdbcUrl() + ": "
                        + e.getMessage());
                return;
            }
            EndToEnd.Result c;
            try (probe; ServerState state = ServerState.open(options)) {
                c = new EndToEnd(options, api, probe, state).measure();
            }
            if (c.note() != null) {
                System.out.println("(c) not measured: " + c.note());
            } else {
                System.out.printf(Locale.ROOT, "(c) end to end = %.1f events/s decided (highest sustained offered rate %d/s)%s%n",
                        c.highestSustained().decidedPerSecond(), c.highestSustained().offered(),
                        ratio(c.highestSustained().decidedPerSecond(), s, 5));
                System.out.printf(Locale.ROOT, "(c) latency at %d/s (half): p50 %.1f ms, p99 %.1f ms (goal p50 <= 50 ms, p99 <= 250 ms)%n",
                        c.atHalf().offered(), c.atHalf().p50Millis(), c.atHalf().p99Millis());
                if (c.backlog() != null) {
                    System.out.println("    backlog not drained before the half-rate step (" + c.backlog()
                            + "): its latency includes that backlog");
                }
                printCpu("(c)", c);
            }
        }
        if (options.phases().contains("floor")) {
            floor(options, api, s);
        }
    }

    /** The floor: deploys the no-op journey, then measures like (c) with the wait probe. */
    private static void floor(BenchOptions options, GenkendApi api, Double s) throws Exception {
        System.err.println("(floor) " + FloorJourney.EVENT + " accepted -> an instance of the no-op journey "
                + FloorJourney.KEY + " waits (the dealer journey's shape without its steps)");
        GenkendApi.Answer deployed = api.deploy(FloorJourney.FILE, FloorJourney.model());
        if (deployed.status() != 200 && deployed.status() != 201) {
            System.out.println("(floor) not measured: deploying " + FloorJourney.FILE + " answered "
                    + deployed.status() + ": " + deployed.body());
            return;
        }
        DecisionProbe probe;
        try {
            probe = DatabaseProbe.openWaits(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(),
                    FloorJourney.WAIT);
        } catch (SQLException | IllegalStateException e) {
            System.out.println("(floor) not measured: the database probe cannot read " + options.jdbcUrl() + ": "
                    + e.getMessage());
            return;
        }
        EndToEnd.Result f;
        try (probe; ServerState state = ServerState.open(options)) {
            f = new EndToEnd(options, api, probe, state, EndToEnd.Path.floor(options)).measure();
        }
        if (f.note() != null) {
            System.out.println("(floor) not measured: " + f.note());
            return;
        }
        System.out.printf(Locale.ROOT, "(floor) no-op journey = %.1f events/s waiting (highest sustained offered rate"
                        + " %d/s)%s%n", f.highestSustained().decidedPerSecond(), f.highestSustained().offered(),
                s == null || s == 0 ? "" : String.format(Locale.ROOT, " = %.1f %% of S (the goal of (c) is 5 %%)",
                        100 * f.highestSustained().decidedPerSecond() / s));
        System.out.printf(Locale.ROOT, "(floor) latency at %d/s (half): p50 %.1f ms, p99 %.1f ms%n",
                f.atHalf().offered(), f.atHalf().p50Millis(), f.atHalf().p99Millis());
        printCpu("(floor)", f);
    }

    /** The machine's busy CPU at the highest sustained step and at the first step not sustained, if any. */
    private static void printCpu(String label, EndToEnd.Result r) {
        StringBuilder line = new StringBuilder(label).append(" machine CPU at ").append(r.highestSustained().offered())
                .append("/s: ").append(EndToEnd.cpu(r.highestSustained()));
        r.steps().stream().filter(st -> !st.sustained()).findFirst().ifPresent(over -> line.append("; at ")
                .append(over.offered()).append("/s (not sustained): ").append(EndToEnd.cpu(over)));
        line.append(" of ").append(Runtime.getRuntime().availableProcessors() * 1000).append(" ms/s");
        System.out.println(line);
    }

    /** The probe {@code --probe} names; the caller closes it. */
    static DecisionProbe probe(BenchOptions options, GenkendApi api) throws SQLException {
        return switch (options.probe()) {
            case "database" -> DatabaseProbe.open(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
            case "decisions" -> DecisionProbe.decisions(api);
            default -> DecisionProbe.timeline(api, options.probeKind());
        };
    }

    private static String ratio(double figure, Double s, int goalPercent) {
        if (s == null || s == 0) {
            return "";
        }
        return String.format(Locale.ROOT, " = %.1f %% of S (goal >= %d %%)", 100 * figure / s, goalPercent);
    }

    /** {@code nproc}, memory and OS, read from /proc where there is one. */
    static String machine() {
        StringBuilder m = new StringBuilder();
        m.append(Runtime.getRuntime().availableProcessors()).append(" cpus");
        try {
            String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal")).findFirst().orElse("");
            long kb = Long.parseLong(memTotal.replaceAll("\\D", ""));
            m.append(String.format(Locale.ROOT, ", %.1f GiB memory", kb / 1024.0 / 1024.0));
            String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().orElse("");
            if (!model.isEmpty()) {
                m.append(", ").append(model.substring(model.indexOf(':') + 1).trim());
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: processors only
        }
        m.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"));
        m.append(", Java ").append(System.getProperty("java.version"));
        return m.toString();
    }
}
