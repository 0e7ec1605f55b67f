package io.genkend.replay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns one vertical pack's CSV file into Segment events. Implementations live in {@code io.genkend.replay.<pack>}
 * and are pure functions of the file's content (and the options), so that a resumed run produces the same units
 * and the same messageIds.
 */
public interface PackMapping {

    /**
     * @param file    the CSV file given with {@code --file}
     * @param options the command line (some packs read pack-specific options, such as the dealer's vehicles file)
     * @return the units to send and the rows skipped, by reason
     * @throws IOException when a file cannot be read
     */
    MappedFile map(Path file, ReplayOptions options) throws IOException;
}
