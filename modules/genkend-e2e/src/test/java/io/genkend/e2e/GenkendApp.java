package io.genkend.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The application under test: the packaged {@code genkend-app.jar}, started once per test JVM (so once for the
 * whole e2e module) in its own process, on a free port, on the embedded default with temporary data and the demo
 * tenants ({@code nordbank}, {@code frisk}, {@code autohuset}) seeded with a fixed password and fixed API keys.
 * Its e-mail goes to a GreenMail SMTP server in the test JVM ({@link #mail()}).
 * System properties {@code spring.*} given to the test JVM are passed on, so that the suite can run against
 * external PostgreSQL and Redis. The process's output goes to {@code target/e2e-app.log}; it is stopped when the
 * JVM exits.
 */
final class GenkendApp {

    /** Password of every demo user. */
    static final String PASSWORD = "e2e-demo-password-1";
    /** API key of the dealer tenant {@code autohuset}. */
    static final String AUTOHUSET_KEY = "gk_e2e_autohuset_key_000000000000000001";
    /** API key of the bank tenant {@code nordbank}. */
    static final String NORDBANK_KEY = "gk_e2e_nordbank_key_0000000000000000001";

    private static GenkendApp instance;

    private final Process process;
    private final int port;
    private final com.icegreen.greenmail.util.GreenMail mail;

    private GenkendApp(Process process, int port, com.icegreen.greenmail.util.GreenMail mail) {
        this.process = process;
        this.port = port;
        this.mail = mail;
    }

    /** @return the SMTP server that receives the application's e-mail */
    com.icegreen.greenmail.util.GreenMail mail() {
        return mail;
    }

    /** @return the running application, started on first use */
    static synchronized GenkendApp get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "genkend-e2e-stop"));
        }
        return instance;
    }

    /** @return the base URL, such as {@code http://localhost:41234} */
    String baseUrl() {
        return "http://localhost:" + port;
    }

    private static GenkendApp start() {
        Path jar = Path.of(System.getProperty("genkend.e2e.jar", "../genkend-app/target/genkend-app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No application jar at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw -B -DskipTests package)");
        }
        Path log = Path.of(System.getProperty("genkend.e2e.log", "target/e2e-app.log"));
        int port = freePort();
        com.icegreen.greenmail.util.GreenMail mail = new com.icegreen.greenmail.util.GreenMail(
                new com.icegreen.greenmail.util.ServerSetup(freePort(), "127.0.0.1", "smtp"));
        mail.start();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--genkend.embedded.ephemeral=true",
                "--genkend.demo.password=" + PASSWORD,
                "--genkend.demo.autohuset.api-key=" + AUTOHUSET_KEY,
                "--genkend.demo.nordbank.api-key=" + NORDBANK_KEY,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + mail.getSmtp().getPort(),
                "--logging.level.io.zonky=warn"));
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("spring."))
                .sorted().forEach(n -> command.add("--" + n + "=" + System.getProperty(n)));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            GenkendApp app = new GenkendApp(process, port, mail);
            app.awaitHealthy(log, Duration.ofMinutes(4));
            return app;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + jar, e);
        }
    }

    private void awaitHealthy(Path log, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application stopped at start; see " + log.toAbsolutePath()
                        + "\n" + tail(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                // Demo seeding runs after the web server is up: wait for its banner too.
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")
                        && Files.readString(log).contains("=== Genkend demo ===")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        stop();
        throw new IllegalStateException("The application did not become healthy in " + timeout + "\n" + tail(log));
    }

    void stop() {
        mail.stop();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
