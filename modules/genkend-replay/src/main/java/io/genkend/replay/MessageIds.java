package io.genkend.replay;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic Segment messageIds: a name-based UUID (RFC 4122 version 3) of pack, file name, unit key and the
 * event's position in the unit. Replaying the same file again, or resuming after an interruption, sends the same
 * messageIds, so Genkend answers them as duplicates instead of storing them twice.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /**
     * @param pack     bank, grocer or dealer
     * @param fileName the file's name without folders (so a moved file keeps its ids)
     * @param unitKey  {@link ReplayUnit#key()}
     * @param index    the event's position in its unit, from 0
     * @return the messageId, as a UUID string
     */
    public static String of(String pack, String fileName, String unitKey, int index) {
        String name = "genkend-replay|" + pack + "|" + fileName + "|" + unitKey + "|" + index;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
