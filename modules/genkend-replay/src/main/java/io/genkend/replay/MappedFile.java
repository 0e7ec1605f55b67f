package io.genkend.replay;

import java.util.List;
import java.util.Map;

/**
 * What a pack's mapping made of a file.
 *
 * @param units   the units to send, in file order
 * @param skipped rows that were not sent, counted by reason (such as {@code no CustomerID}); they are reported in
 *                the summary, not treated as errors
 */
public record MappedFile(List<ReplayUnit> units, Map<String, Integer> skipped) {

    /** @return the number of events in all units */
    public int eventCount() {
        return units.stream().mapToInt(u -> u.events().size()).sum();
    }
}
