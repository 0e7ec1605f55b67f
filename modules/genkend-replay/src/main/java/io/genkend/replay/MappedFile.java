package io.genkend.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pack's mapping made of a file.
 *
 * @param units       the units to send, in file order
 * @param skippedRows rows that were not sent, each with its row number and reason (such as {@code no CustomerID});
 *                    they are reported in the summary, not treated as errors
 */
public record MappedFile(List<ReplayUnit> units, List<SkippedRow> skippedRows) {

    /**
     * One source row that the mapping did not send.
     *
     * @param row    its number among the data rows, from 1 ({@link Csv.Row#number()})
     * @param reason why, such as {@code no CustomerID}
     */
    public record SkippedRow(int row, String reason) {
    }

    public MappedFile {
        units = List.copyOf(units);
        skippedRows = List.copyOf(skippedRows);
    }

    /** @return the number of events in all units */
    public int eventCount() {
        return units.stream().mapToInt(u -> u.events().size()).sum();
    }

    /** @return the skipped rows of the whole file, counted by reason, in order of first appearance */
    public Map<String, Integer> skipped() {
        return skipped(units.size());
    }

    /**
     * The skipped rows among the rows read to send the first {@code unitCount} units (what {@code --limit} sends):
     * the rows up to the last row of those units. All of the file's when every unit is sent.
     *
     * @param unitCount how many units, from the first, are sent
     * @return those skipped rows, counted by reason
     */
    public Map<String, Integer> skipped(int unitCount) {
        int lastRow = Integer.MAX_VALUE;
        if (unitCount < units.size()) {
            lastRow = units.subList(0, Math.max(0, unitCount)).stream().mapToInt(ReplayUnit::lastRow).max()
                    .orElse(0);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SkippedRow skipped : skippedRows) {
            if (skipped.row() <= lastRow) {
                counts.merge(skipped.reason(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
