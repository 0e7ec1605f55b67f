package io.genkend.replay;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Progress of one replay, kept in a small properties file and replaced atomically after every acknowledged
 * batch: the pack, the file's name, how many units the server has acknowledged (the last acknowledged row, or
 * invoice for the grocer) and the running counts. A run that was interrupted continues after
 * {@link #unitsDone()}; the batch that was in flight is sent again with the same messageIds and answered as
 * duplicates.
 *
 * @param pack      the pack
 * @param fileName  the CSV file's name
 * @param unitsDone units acknowledged by the server, counted from the start of the file
 * @param summary   the counts so far (over all runs of this replay)
 */
public record Checkpoint(String pack, String fileName, int unitsDone, Summary summary) {

    /** @return the checkpoint in the file, or {@code null} when there is none */
    public static Checkpoint read(Path path) {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read checkpoint " + path, e);
        }
        return new Checkpoint(p.getProperty("pack"), p.getProperty("file"),
                Integer.parseInt(p.getProperty("units.done", "0")), Summary.from(p));
    }

    /** Writes the checkpoint to a temporary file next to {@code path} and moves it over {@code path}. */
    public void write(Path path) {
        Properties p = new Properties();
        p.setProperty("pack", pack);
        p.setProperty("file", fileName);
        p.setProperty("units.done", String.valueOf(unitsDone));
        summary.into(p);
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                p.store(writer, "genkend-replay checkpoint: delete it (or use --restart) to start over");
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + path, e);
        }
    }
}
