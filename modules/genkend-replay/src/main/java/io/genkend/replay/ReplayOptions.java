package io.genkend.replay;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line.
 *
 * @param url           Genkend's base URL ({@code --url}, default {@code http://localhost:8080})
 * @param apiKey        the tenant's API key ({@code --api-key}, or the environment variable {@code GENKEND_API_KEY})
 * @param pack          bank, grocer or dealer ({@code --pack})
 * @param file          the CSV file ({@code --file})
 * @param rate          at most this many events per second ({@code --rate}); 0 means as fast as the server answers
 * @param batchSize     events per request, 1 to 500 ({@code --batch}, default 100)
 * @param checkpoint    where progress is kept ({@code --checkpoint}, default {@code <file name>.<pack>.checkpoint}
 *                      in the working directory)
 * @param restart       ignore and overwrite an existing checkpoint ({@code --restart})
 * @param limit         send at most this many units (rows or invoices), 0 for all ({@code --limit})
 * @param dryRun        print the events as JSON lines on stdout instead of sending them ({@code --dry-run})
 * @param packOptions   further {@code --name value} pairs the pack reads, such as {@code --vehicles}
 * @param syntheticContacts give every replayed customer a synthetic address and consent
 *                      ({@code --synthetic-contacts}, see {@link SyntheticContacts})
 */
public record ReplayOptions(URI url, String apiKey, String pack, Path file, double rate, int batchSize,
                            Path checkpoint, boolean restart, int limit, boolean dryRun,
                            Map<String, String> packOptions, boolean syntheticContacts) {

    /** The usage text printed on {@code --help} and on errors. */
    public static final String USAGE = """
            Usage: java -jar genkend-replay.jar --pack bank|grocer|dealer --file <csv> --api-key <key> [options]
              --url <base url>        Genkend (default http://localhost:8080)
              --api-key <key>         the tenant's API key (or env GENKEND_API_KEY)
              --rate <events/s>       at most this many events per second (default: no limit)
              --batch <n>             events per request, 1..500 (default 100)
              --checkpoint <file>     progress file (default ./<csv name>.<pack>.checkpoint)
              --restart               start from the first row, ignoring the checkpoint
              --limit <n>             send only the first n units (rows; invoices for grocer)
              --dry-run               print the events as JSON lines instead of sending them
              --synthetic-contacts    give each customer a synthetic address <userId>@example.invalid and a
                                      marketing consent (e-mail, in-app) with source "replay: synthetic consent"
            Pack options:
              bank:   --large-balance <EUR>  balance from which deposit.large is sent (default 5000)
              dealer: --vehicles <csv>       vehicles file to join (default fleet_vehicles.csv next to --file)
                      --live-dates           appointments from tomorrow on instead of the historical dates
            """;

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a message for the user when an argument is missing or malformed
     */
    public static ReplayOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (List.of("restart", "dry-run", "live-dates", "synthetic-contacts", "help").contains(name)) {
                flags.add(name);
            } else if (i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        if (flags.contains("help")) {
            throw new IllegalArgumentException("");
        }
        String pack = require(values, "pack");
        if (!List.of("bank", "grocer", "dealer").contains(pack)) {
            throw new IllegalArgumentException("--pack must be bank, grocer or dealer, not " + pack);
        }
        Path file = Path.of(require(values, "file"));
        boolean dryRun = flags.contains("dry-run");
        String apiKey = values.getOrDefault("api-key", env.get("GENKEND_API_KEY"));
        if (!dryRun && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalArgumentException("--api-key (or GENKEND_API_KEY) is required");
        }
        String url = values.getOrDefault("url", "http://localhost:8080").replaceAll("/+$", "");
        double rate = number(values, "rate", 0);
        int batch = (int) number(values, "batch", 100);
        if (batch < 1 || batch > 500) {
            throw new IllegalArgumentException("--batch must be between 1 and 500");
        }
        Path checkpoint = Path.of(values.getOrDefault("checkpoint", file.getFileName() + "." + pack + ".checkpoint"));
        int limit = (int) number(values, "limit", 0);
        Map<String, String> packOptions = new HashMap<>(values);
        List.of("pack", "file", "api-key", "url", "rate", "batch", "checkpoint", "limit").forEach(packOptions::remove);
        if (flags.contains("live-dates")) {
            packOptions.put("live-dates", "true");
        }
        return new ReplayOptions(URI.create(url), apiKey, pack, file, rate, batch, checkpoint,
                flags.contains("restart"), limit, dryRun, Map.copyOf(packOptions),
                flags.contains("synthetic-contacts"));
    }

    private static String require(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static double number(Map<String, String> values, String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double n = Double.parseDouble(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number >= 0, not " + value);
        }
    }
}
