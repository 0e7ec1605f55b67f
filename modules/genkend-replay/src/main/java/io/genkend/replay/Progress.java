package io.genkend.replay;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A progress bar on stderr: {@code [#####-----]  52%  2351/4521 units  812 ev/s  ETA 0:03}. Redrawn in place
 * (carriage return) at most five times a second; when stderr is not a terminal, one line per tenth of the work.
 */
public final class Progress {

    private final PrintStream err;
    private final int total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private int lastTenth = -1;

    /**
     * @param err      where to draw
     * @param total    units to do in this run
     * @param terminal whether {@code err} is a terminal (redraw in place)
     */
    public Progress(PrintStream err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
    }

    /**
     * @param done   units done in this run
     * @param events events sent in this run
     * @param force  draw even if drawn a moment ago (the last update)
     */
    public void update(int done, long events, boolean force) {
        long now = System.nanoTime();
        double fraction = total == 0 ? 1 : (double) done / total;
        int tenth = (int) (fraction * 10);
        if (terminal ? (!force && now - lastDraw < 200_000_000L) : (!force && tenth == lastTenth)) {
            return;
        }
        lastDraw = now;
        lastTenth = tenth;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = events / seconds;
        long eta = done == 0 ? 0 : (long) (seconds / done * (total - done));
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        String line = String.format("[%s%s] %3d%%  %d/%d units  %.0f ev/s  ETA %s",
                "#".repeat(filled), "-".repeat(width - filled), Math.round(fraction * 100), done, total, rate,
                clock(Duration.ofSeconds(eta)));
        err.print(terminal ? "\r" + line : line + System.lineSeparator());
        err.flush();
    }

    /** Ends the bar's line. */
    public void finish() {
        if (terminal) {
            err.println();
        }
    }

    private static String clock(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
