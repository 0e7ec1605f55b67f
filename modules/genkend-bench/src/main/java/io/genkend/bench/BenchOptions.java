package io.genkend.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the load driver. Every phase is bounded in time (steps of {@code --step-seconds}) and in
 * count ({@code --max-events}), and both targets must be on the loopback interface.
 *
 * @param phases        which figures to measure: {@code commit} (a), {@code ingest} (b), {@code e2e} (c), and on
 *                      request {@code floor}, the no-op journey's rate ({@link FloorJourney})
 * @param jdbcUrl       PostgreSQL for (a): the same server Genkend uses ({@code --jdbc-url})
 * @param jdbcUser      its user ({@code --jdbc-user}); needs the right to create a table in the database
 * @param jdbcPassword  its password ({@code --jdbc-password}, or env {@code PGPASSWORD})
 * @param url           Genkend's base URL ({@code --url})
 * @param apiKey        an API key of the tenant to load ({@code --api-key} or env {@code GENKEND_API_KEY}); for
 *                      (c) a dealer tenant whose windscreen journey is deployed
 * @param commitThreads thread counts tried for (a) ({@code --commit-threads 1,2,4,8,16,32})
 * @param concurrency   concurrent clients tried for (b) ({@code --concurrency 1,2,4,8,16,32,64}), stopping at
 *                      saturation
 * @param e2eRates      offered rates (events/s) tried for (c) ({@code --e2e-rates 10,20,40,80,120,160,200,240,320,400})
 * @param step          length of one step ({@code --step-seconds}, default 10)
 * @param settle        how long (c) waits after a step for the last decisions ({@code --settle-seconds}, 10)
 * @param maxEvents     at most this many events per phase ({@code --max-events}, default 200000)
 * @param probe         how (c) learns that an outreach was decided: {@code --probe database} (the default when
 *                      {@code --jdbc-url} is given: one query per poll cycle on Genkend's database), {@code timeline}
 *                      (the default otherwise) or {@code decisions}; see {@link DecisionProbe}
 * @param probeKind     the timeline entry kind that means "decided" ({@code --probe-kind outreach})
 * @param warmup        how long (b) runs unmeasured before its steps, at the middle of {@code --concurrency}
 *                      ({@code --warmup-seconds}, 60; 0 for none)
 * @param e2eWarmup     how long (c) runs unmeasured before its steps, at {@code warmupRate}
 *                      ({@code --e2e-warmup-seconds}; default {@code --warmup-seconds} when that is given, else
 *                      240): the journey path (Camunda, the decision, the outreach) runs through far more code than
 *                      ingest, and on two cores the JIT compiler was still busy four minutes in (docs/performance.md,
 *                      session 4)
 * @param warmupRate    offered rate of (c)'s warm-up, events/s ({@code --warmup-rate}, 20)
 * @param drain         how long (c) waits at most for the previous step's events to be decided, after its warm-up
 *                      and before the half-rate step ({@code --drain-seconds}, 120)
 * @param pause         the pause after that wait ({@code --pause-seconds}, 5)
 * @param floorRates    offered rates (events/s) tried for the floor ({@code --floor-rates
 *                      100,150,200,250,300,400,500})
 * @param floorWarmup   the floor's unmeasured warm-up at {@code warmupRate} ({@code --floor-warmup-seconds}, 60:
 *                      after (c) in the same run the shared code is compiled already)
 */
public record BenchOptions(Set<String> phases, String jdbcUrl, String jdbcUser, String jdbcPassword, URI url,
                           String apiKey, List<Integer> commitThreads, List<Integer> concurrency,
                           List<Integer> e2eRates, Duration step, Duration settle, long maxEvents, String probe,
                           String probeKind, Duration warmup, Duration e2eWarmup, int warmupRate, Duration drain,
                           Duration pause, List<Integer> floorRates, Duration floorWarmup) {

    /** Printed on {@code --help} and on errors. */
    public static final String USAGE = """
            Usage: java -jar genkend-bench.jar [options]
              --phases commit,ingest,e2e   which figures to measure (default all three; add floor for the
                                           floor: the driver's no-op journey, needs --jdbc-url)
              --jdbc-url <url>             PostgreSQL for (a), and Genkend's database for --probe database
                                           (default jdbc:postgresql://127.0.0.1:5432/postgres)
              --jdbc-user <user>           (default postgres)   --jdbc-password <pw> (or env PGPASSWORD)
              --url <base url>             Genkend for (b) and (c) (default http://127.0.0.1:8080)
              --api-key <key>              the tenant's API key (or env GENKEND_API_KEY); a dealer tenant for (c)
              --commit-threads 1,2,4,...   threads tried for (a)
              --concurrency 1,2,4,...      concurrent clients tried for (b), until saturation
              --e2e-rates 10,20,40,...     offered events/s tried for (c) (default up to 400)
              --step-seconds <n>           length of each step (default 10)
              --settle-seconds <n>         wait for the last decisions after a (c) step (default 10)
              --max-events <n>             bound per phase, and per warm-up (default 200000)
              --warmup-seconds <n>         unmeasured warm-up before (b) (default 60; 0: none), and before (c)
                                           unless --e2e-warmup-seconds is given
              --e2e-warmup-seconds <n>     unmeasured warm-up before (c) (default 240, or --warmup-seconds)
              --warmup-rate <n>            offered events/s of (c)'s warm-up (default 20)
              --drain-seconds <n>          (c): wait at most this long for the previous step's events to be
                                           decided, after the warm-up and before the half-rate step (default 120)
              --pause-seconds <n>          pause after that wait (default 5)
              --probe database|timeline|decisions
                                           how (c) sees a decision: database (the decision table, read as the
                                           --jdbc-user, one query per 50 ms; the default when --jdbc-url is given),
                                           timeline (the default otherwise) or decisions (both over HTTP)
              --probe-kind <kind>          timeline entry kind meaning decided (default outreach)
              --floor-rates 100,150,...    offered events/s tried for the floor (default 100,150,200,250,300,400,500)
              --floor-warmup-seconds <n>   unmeasured warm-up before the floor (default 60)
            Targets must be on the loopback interface.
            """;

    /**
     * @throws IllegalArgumentException with a message for the user
     */
    public static BenchOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + args[i]);
            }
            String name = args[i].substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                v.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length) {
                v.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        Set<String> phases = Set.copyOf(Arrays.asList(v.getOrDefault("phases", "commit,ingest,e2e").split(",")));
        for (String phase : phases) {
            if (!Set.of("commit", "ingest", "e2e", "floor").contains(phase)) {
                throw new IllegalArgumentException("Unknown phase " + phase + " (commit, ingest, e2e, floor)");
            }
        }
        String jdbcUrl = v.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        URI url = URI.create(v.getOrDefault("url", "http://127.0.0.1:8080").replaceAll("/+$", ""));
        String apiKey = v.getOrDefault("api-key", env.get("GENKEND_API_KEY"));
        boolean http = phases.contains("ingest") || phases.contains("e2e") || phases.contains("floor");
        if (http && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("--api-key (or GENKEND_API_KEY) is required for ingest, e2e and floor");
        }
        if (phases.contains("floor") && !v.containsKey("jdbc-url")) {
            throw new IllegalArgumentException("--phases floor needs --jdbc-url: the database Genkend uses (the floor"
                    + " sees its instances wait there)");
        }
        String probe = v.getOrDefault("probe", v.containsKey("jdbc-url") ? "database" : "timeline");
        if (!Set.of("database", "timeline", "decisions").contains(probe)) {
            throw new IllegalArgumentException("--probe must be database, timeline or decisions");
        }
        boolean probesDatabase = phases.contains("e2e") && probe.equals("database");
        if (probesDatabase && !v.containsKey("jdbc-url")) {
            throw new IllegalArgumentException("--probe database needs --jdbc-url: the database Genkend uses");
        }
        if (phases.contains("commit") || probesDatabase || phases.contains("floor")) {
            requireLoopback(URI.create(jdbcUrl.substring("jdbc:".length())).getHost(), "--jdbc-url");
        }
        if (http) {
            requireLoopback(url.getHost(), "--url");
        }
        return new BenchOptions(phases, jdbcUrl, v.getOrDefault("jdbc-user", "postgres"),
                v.getOrDefault("jdbc-password", env.getOrDefault("PGPASSWORD", "")), url, apiKey,
                ints(v.getOrDefault("commit-threads", "1,2,4,8,16,32")),
                ints(v.getOrDefault("concurrency", "1,2,4,8,16,32,64")),
                ints(v.getOrDefault("e2e-rates", "10,20,40,80,120,160,200,240,320,400")),
                Duration.ofSeconds(Long.parseLong(v.getOrDefault("step-seconds", "10"))),
                Duration.ofSeconds(Long.parseLong(v.getOrDefault("settle-seconds", "10"))),
                Long.parseLong(v.getOrDefault("max-events", "200000")), probe,
                v.getOrDefault("probe-kind", "outreach"),
                seconds(v.getOrDefault("warmup-seconds", "60"), "--warmup-seconds"),
                v.containsKey("e2e-warmup-seconds")
                        ? seconds(v.get("e2e-warmup-seconds"), "--e2e-warmup-seconds")
                        : seconds(v.getOrDefault("warmup-seconds", "240"), "--warmup-seconds"),
                warmupRate(v.getOrDefault("warmup-rate", "20")),
                seconds(v.getOrDefault("drain-seconds", "120"), "--drain-seconds"),
                seconds(v.getOrDefault("pause-seconds", "5"), "--pause-seconds"),
                ints(v.getOrDefault("floor-rates", "100,150,200,250,300,400,500")),
                seconds(v.getOrDefault("floor-warmup-seconds", "60"), "--floor-warmup-seconds"));
    }

    private static int warmupRate(String value) {
        List<Integer> rate = ints(value);
        if (rate.size() != 1) {
            throw new IllegalArgumentException("--warmup-rate takes one rate: " + value);
        }
        return rate.get(0);
    }

    private static Duration seconds(String value, String option) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number of seconds: " + value);
        }
        if (n < 0) {
            throw new IllegalArgumentException(option + " must not be negative: " + value);
        }
        return Duration.ofSeconds(n);
    }

    /** @throws IllegalArgumentException unless the host is a loopback address */
    static void requireLoopback(String host, String option) {
        try {
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException(option + " must point at this machine's loopback interface, not "
                        + host);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": unknown host " + host);
        }
    }

    private static List<Integer> ints(String csv) {
        List<Integer> values = new ArrayList<>();
        for (String part : csv.split(",")) {
            int n = Integer.parseInt(part.trim());
            if (n < 1) {
                throw new IllegalArgumentException("Counts and rates must be at least 1: " + csv);
            }
            values.add(n);
        }
        return List.copyOf(values);
    }
}
