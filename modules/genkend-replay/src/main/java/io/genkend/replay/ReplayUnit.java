package io.genkend.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The smallest piece of a file that is sent and acknowledged as a whole: one CSV row (bank, dealer) or one
 * invoice's rows (grocer). The checkpoint counts acknowledged units.
 *
 * @param key    stable name of the unit within its file, such as {@code row 17} or {@code invoice 536365}; part of
 *               every messageId
 * @param rows    how many CSV rows it covers
 * @param lastRow the number of the last CSV row it covers ({@link Csv.Row#number()})
 * @param events Segment calls ({@code identify}/{@code track}), each with its deterministic {@code messageId}
 */
public record ReplayUnit(String key, int rows, int lastRow, List<ObjectNode> events) {

    /**
     * Makes a unit and gives each of its events its messageId ({@link MessageIds}).
     *
     * @param pack     the pack's name
     * @param fileName the source file's name
     */
    public static ReplayUnit of(String pack, String fileName, String key, int rows, int lastRow,
                                List<ObjectNode> events) {
        for (int i = 0; i < events.size(); i++) {
            events.get(i).put("messageId", MessageIds.of(pack, fileName, key, i));
        }
        return new ReplayUnit(key, rows, lastRow, List.copyOf(events));
    }
}
