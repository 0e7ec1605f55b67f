package io.genkend.replay;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** Paths of the committed fixtures and options for mapping them. */
public final class Fixtures {

    private Fixtures() {
    }

    /** @return the path of a file in {@code src/test/resources/fixtures} */
    public static Path fixture(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Missing fixture " + name, e);
        }
    }

    /** @return options for a dry mapping of a pack's file, with pack options */
    public static ReplayOptions options(String pack, Path file, Map<String, String> packOptions) {
        return new ReplayOptions(java.net.URI.create("http://localhost:8080"), "gk_test", pack, file, 0, 100,
                file.resolveSibling(file.getFileName() + ".checkpoint"), false, 0, true, packOptions, false);
    }
}
