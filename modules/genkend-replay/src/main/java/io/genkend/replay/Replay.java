package io.genkend.replay;

import io.genkend.replay.bank.BankMapping;
import io.genkend.replay.dealer.DealerMapping;
import io.genkend.replay.grocer.GrocerMapping;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;

/**
 * {@code java -jar genkend-replay.jar --pack bank --file bank.csv --api-key gk_...}: replays a vertical pack's CSV
 * file as Segment events through Genkend's public HTTP API ({@code POST /api/v1/events}), with a progress bar on
 * stderr, a rate limit, resumption from a checkpoint, and a summary on stdout. See {@link ReplayOptions#USAGE}.
 *
 * <p>Exit codes: 0 done; 1 bad arguments or unreadable file; 2 refused by Genkend (key, URL); 3 stopped but
 * resumable (run the same command again).
 */
public final class Replay {

    private Replay() {
    }

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
            err.print(ReplayOptions.USAGE);
            return e.getMessage().isEmpty() ? 0 : 1;
        }
        MappedFile mapped;
        try {
            if (!Files.isRegularFile(options.file())) {
                err.println("File not found: " + options.file());
                return 1;
            }
            mapped = mapping(options.pack()).map(options.file(), options);
            if (options.syntheticContacts()) {
                mapped = SyntheticContacts.add(mapped, options.pack(), options.file().getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read " + options.file() + ": " + e.getMessage());
            return 1;
        }
        if (options.dryRun()) {
            int to = options.limit() > 0 ? Math.min(options.limit(), mapped.units().size()) : mapped.units().size();
            mapped.units().subList(0, to).forEach(u -> u.events().forEach(out::println));
            return 0;
        }
        int total = mapped.units().size();
        int sent = options.limit() > 0 ? Math.min(options.limit(), total) : total;
        int events = mapped.units().subList(0, sent).stream().mapToInt(u -> u.events().size()).sum();
        out.printf("Replaying %s (%s): %s, %d events to %s%n", options.file().getFileName(), options.pack(),
                sent < total ? sent + " of the file's " + total + " units (--limit)" : total + " units", events,
                options.url());
        EventsClient.Sleeper sleeper = d -> Thread.sleep(Math.max(0, d.toMillis()), 0);
        EventsClient client = new EventsClient(options.url(), options.apiKey(), sleeper);
        Replayer replayer = new Replayer(options, client, sleeper, err, System.console() != null);
        long start = System.nanoTime();
        try {
            Summary summary = replayer.run(mapped);
            out.printf("Done in %s; checkpoint %s%n", Duration.ofNanos(System.nanoTime() - start).withNanos(0),
                    options.checkpoint());
            if (client.throttled() > 0) {
                out.printf("throttled (429, waited out): %d%n", client.throttled());
            }
            summary.print(out);
            return 0;
        } catch (ReplayStopped e) {
            err.println();
            err.println("Stopped: " + e.getMessage());
            if (e.resumable()) {
                err.println("Progress is kept in " + options.checkpoint() + ": run the same command to resume.");
            }
            Checkpoint checkpoint = Checkpoint.read(options.checkpoint());
            if (checkpoint != null) {
                int to = options.limit() > 0 ? Math.min(options.limit(), mapped.units().size())
                        : mapped.units().size();
                checkpoint.summary().skipped(mapped.skipped(to));
                checkpoint.summary().print(out);
            }
            return e.resumable() ? 3 : 2;
        }
    }

    /** @return the mapping of a pack: bank, grocer or dealer */
    public static PackMapping mapping(String pack) {
        return switch (pack) {
            case "bank" -> new BankMapping();
            case "grocer" -> new GrocerMapping();
            case "dealer" -> new DealerMapping();
            default -> throw new IllegalArgumentException("Unknown pack " + pack);
        };
    }
}
