package io.genkend.web.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** English and Danish cover the same keys, and every {@code #{key}} a template uses exists. */
class MessageBundlesTest {

    private static final Pattern KEY = Pattern.compile("#\\{([a-zA-Z0-9_.\\-]+)[}(]");

    @Test
    void danishHasEveryEnglishKeyAndNoOther() throws IOException {
        Properties en = load("/messages.properties");
        Properties da = load("/messages_da.properties");
        assertThat(new TreeSet<>(da.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
        da.stringPropertyNames().forEach(k -> assertThat(da.getProperty(k)).as(k).isNotBlank());
    }

    @Test
    void everyLiteralMessageKeyInTheTemplatesExists() throws IOException {
        Properties en = load("/messages.properties");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = KEY.matcher(Files.readString(file));
                while (m.find()) {
                    if (!en.containsKey(m.group(1))) {
                        missing.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
