package io.genkend.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole machine's CPU time over an interval, from the {@code cpu} line of {@code /proc/stat} (proc(5): user,
 * nice, system, idle, iowait, irq, softirq, steal, in clock ticks): busy is everything but idle and iowait. Read
 * as the busy share of all ticks times the number of processors, so the tick rate does not matter. It counts every
 * process, Genkend, PostgreSQL, Redis and this driver alike: on one machine they share the cores, and a step whose
 * busy time is near {@code cores × 1000 ms/s} is the machine's limit whatever the figure says.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");

    /** A reading: busy and total ticks since boot, or {@code null} where there is no {@code /proc/stat}. */
    record Reading(long busy, long total) {
    }

    private MachineCpu() {
    }

    /** @return the current reading, or {@code null} when {@code /proc/stat} cannot be read (not Linux) */
    static Reading read() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            return lines.isEmpty() ? null : parse(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param cpuLine the first line of {@code /proc/stat}, {@code cpu  user nice system idle iowait irq softirq steal ...}
     * @return the reading
     * @throws IllegalArgumentException when the line is not a {@code cpu} line with at least four counters
     */
    static Reading parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 5) {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        }
        long total = 0;
        long idle = 0;
        // guest and guest_nice (fields 9 and 10) are already counted in user and nice
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new Reading(total - idle, total);
    }

    /**
     * @return busy CPU milliseconds per second of the whole machine between two readings (at most
     *         {@code processors × 1000}), or {@code NaN} when either is missing or no tick passed
     */
    static double busyMillisPerSecond(Reading from, Reading to, int processors) {
        if (from == null || to == null || to.total() <= from.total()) {
            return Double.NaN;
        }
        return 1000.0 * processors * (to.busy() - from.busy()) / (to.total() - from.total());
    }
}
