package io.genkend.replay;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Counts of a replay: events accepted, answered as duplicates, rejected (by reason), and source rows skipped by
 * the mapping (by reason). Mutable; one per run, carried over from the checkpoint when a run resumes.
 */
public final class Summary {

    private long accepted;
    private long duplicates;
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> skipped = new TreeMap<>();

    /** Counts one server answer. */
    public void count(ItemOutcome outcome) {
        switch (outcome.kind()) {
            case ACCEPTED -> accepted++;
            case DUPLICATE -> duplicates++;
            case REJECTED -> rejected.merge(outcome.reason(), 1L, Long::sum);
        }
    }

    /** Sets the rows the mapping skipped (they are the same in every run of a file). */
    public void skipped(Map<String, Integer> byReason) {
        skipped.clear();
        byReason.forEach((reason, rows) -> skipped.put(reason, rows.longValue()));
    }

    /** @return events accepted */
    public long accepted() {
        return accepted;
    }

    /** @return events answered as duplicates */
    public long duplicates() {
        return duplicates;
    }

    /** @return events rejected, over all reasons */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return rejections by reason */
    public Map<String, Long> rejected() {
        return Map.copyOf(rejected);
    }

    /** @return skipped source rows by reason */
    public Map<String, Long> skippedRows() {
        return Map.copyOf(skipped);
    }

    /** Prints the summary, one figure a line. */
    public void print(PrintStream out) {
        out.printf("accepted:   %d%n", accepted);
        out.printf("duplicates: %d%n", duplicates);
        out.printf("rejected:   %d%n", rejectedTotal());
        rejected.forEach((reason, n) -> out.printf("  %6d  %s%n", n, reason));
        long skippedTotal = skipped.values().stream().mapToLong(Long::longValue).sum();
        out.printf("skipped rows (not sent): %d%n", skippedTotal);
        skipped.forEach((reason, n) -> out.printf("  %6d  %s%n", n, reason));
    }

    static Summary from(Properties p) {
        Summary s = new Summary();
        s.accepted = Long.parseLong(p.getProperty("accepted", "0"));
        s.duplicates = Long.parseLong(p.getProperty("duplicates", "0"));
        p.stringPropertyNames().stream().filter(k -> k.startsWith("rejected."))
                .forEach(k -> s.rejected.put(k.substring("rejected.".length()), Long.parseLong(p.getProperty(k))));
        return s;
    }

    void into(Properties p) {
        p.setProperty("accepted", String.valueOf(accepted));
        p.setProperty("duplicates", String.valueOf(duplicates));
        rejected.forEach((reason, n) -> p.setProperty("rejected." + reason, String.valueOf(n)));
    }
}
