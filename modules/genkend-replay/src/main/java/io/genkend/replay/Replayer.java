package io.genkend.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a mapped file in batches, at most {@code --rate} events a second, writing the checkpoint after every
 * acknowledged batch. A unit (row, invoice) is never split across batches, so the checkpoint always stands at a
 * unit boundary.
 */
public final class Replayer {

    private final ReplayOptions options;
    private final EventsClient client;
    private final EventsClient.Sleeper sleeper;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param options  the command line
     * @param client   how events reach Genkend
     * @param sleeper  how to wait for the rate limit
     * @param err      where the progress bar goes
     * @param terminal whether {@code err} is a terminal
     */
    public Replayer(ReplayOptions options, EventsClient client, EventsClient.Sleeper sleeper, PrintStream err,
                    boolean terminal) {
        this.options = options;
        this.client = client;
        this.sleeper = sleeper;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Replays the units after the checkpoint.
     *
     * @param mapped the mapped file
     * @return the summary over all runs of this replay (carried in the checkpoint)
     * @throws ReplayStopped when Genkend cannot go on; the checkpoint then stands after the last acknowledged unit
     */
    public Summary run(MappedFile mapped) {
        String fileName = options.file().getFileName().toString();
        Checkpoint checkpoint = options.restart() ? null : Checkpoint.read(options.checkpoint());
        if (checkpoint != null && (!options.pack().equals(checkpoint.pack())
                || !fileName.equals(checkpoint.fileName()) || checkpoint.unitsDone() > mapped.units().size())) {
            throw new ReplayStopped("The checkpoint " + options.checkpoint() + " belongs to another replay ("
                    + checkpoint.pack() + ", " + checkpoint.fileName() + "): use --restart or --checkpoint", false);
        }
        Summary summary = checkpoint == null ? new Summary() : checkpoint.summary();
        int from = checkpoint == null ? 0 : checkpoint.unitsDone();
        int to = options.limit() > 0 ? Math.min(mapped.units().size(), options.limit()) : mapped.units().size();
        summary.skipped(mapped.skipped(to)); // under --limit, only the skipped rows among the rows read
        if (from > 0) {
            err.printf("Resuming after unit %d of %d (%s)%n", from, mapped.units().size(),
                    mapped.units().get(from - 1).key());
        }
        Progress progress = new Progress(err, Math.max(0, to - from), terminal);
        long startNanos = System.nanoTime();
        long sent = 0;
        int next = from;
        while (next < to) {
            List<ObjectNode> batch = new ArrayList<>();
            int end = next;
            while (end < to && (batch.isEmpty()
                    || batch.size() + mapped.units().get(end).events().size() <= options.batchSize())) {
                batch.addAll(mapped.units().get(end).events());
                end++;
            }
            pace(startNanos, sent + batch.size());
            List<ItemOutcome> outcomes = client.send(batch);
            outcomes.forEach(summary::count);
            sent += batch.size();
            next = end;
            new Checkpoint(options.pack(), fileName, next, summary).write(options.checkpoint());
            progress.update(next - from, sent, next == to);
        }
        progress.finish();
        return summary;
    }

    /** Waits until sending {@code events} in total stays within {@code --rate} events per second. */
    private void pace(long startNanos, long events) {
        if (options.rate() <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) ((events - 1) / options.rate() * 1e9);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            try {
                sleeper.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayStopped("Interrupted", true);
            }
        }
    }
}
