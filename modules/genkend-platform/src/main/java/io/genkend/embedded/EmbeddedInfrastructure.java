package io.genkend.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the embedded default when no datasource is configured ({@code spring.datasource.url} unset and
 * {@code genkend.embedded.enabled} not {@code false}): a zonky embedded PostgreSQL 15 and an embedded Redis,
 * their data kept under {@code genkend.embedded.data-dir} (default {@code ~/.genkend/data}; with
 * {@code genkend.embedded.ephemeral=true}, a fresh temporary folder, as the tests use). It then points
 * {@code spring.datasource.*} at PostgreSQL as the application role {@code genkend_app}, {@code spring.flyway.*}
 * at it as the owner, {@code spring.data.redis.*} at Redis, and adds the {@code demo} profile unless
 * {@code genkend.embedded.demo=false}.
 *
 * <p>The servers are started once per JVM and stopped by a shutdown hook. zonky wraps {@code initdb} and
 * {@code pg_ctl} in {@code unshare -U} when run as root; where a sandbox blocks that, start-up fails with zonky's
 * message: configure an external PostgreSQL and Redis instead (see README).
 */
public class EmbeddedInfrastructure implements EnvironmentPostProcessor, Ordered {

    /** Password of the application role in the embedded database (reachable on loopback only). */
    static final String APP_PASSWORD = "genkend-embedded";

    private static final java.util.concurrent.atomic.AtomicInteger USERS = new java.util.concurrent.atomic.AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;

    private final Log log;

    /**
     * @param logs Boot's deferred log factory (logging is not yet set up when this runs)
     */
    public EmbeddedInfrastructure(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedInfrastructure.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")
                || !environment.getProperty("genkend.embedded.enabled", Boolean.class, true)) {
            return;
        }
        boolean ephemeral = environment.getProperty("genkend.embedded.ephemeral", Boolean.class, false);
        Path dataDir = Path.of(environment.getProperty("genkend.embedded.data-dir",
                System.getProperty("user.home") + "/.genkend/data")).toAbsolutePath();
        try {
            start(dataDir, ephemeral);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL/Redis (data in " + dataDir
                    + "). Where the sandbox blocks 'unshare', configure spring.datasource.* and "
                    + "spring.data.redis.* to use external servers instead.", e);
        }
        Map<String, Object> properties = new HashMap<>();
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", "genkend_app");
        properties.put("spring.datasource.password", APP_PASSWORD);
        properties.put("spring.flyway.url", url);
        properties.put("spring.flyway.user", "postgres");
        properties.put("spring.flyway.password", "postgres");
        properties.put("spring.flyway.placeholders.appPassword", APP_PASSWORD);
        properties.put("spring.data.redis.host", "localhost");
        properties.put("spring.data.redis.port", redisPort);
        environment.getPropertySources().addFirst(new MapPropertySource("genkendEmbedded", properties));
        // The servers stop when the last context using them closes, after its data source (registered first,
        // destroyed last), so that Camunda's and Hikari's own shutdown still reach the database.
        application.addInitializers(context -> {
            USERS.incrementAndGet();
            if (context.getBeanFactory() instanceof org.springframework.beans.factory.support.DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("genkendEmbeddedInfrastructure", EmbeddedInfrastructure::release);
            }
        });
        if (environment.getProperty("genkend.embedded.demo", Boolean.class, true)) {
            environment.addActiveProfile("demo");
        }
        log.info("Embedded default: PostgreSQL 15 on port " + postgres.getPort() + ", Redis on port " + redisPort
                + (ephemeral ? ", temporary data" : ", data kept in " + dataDir));
    }

    private static synchronized void start(Path dataDir, boolean ephemeral) throws IOException {
        if (postgres != null) {
            return;
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        Path redisDir;
        if (ephemeral) {
            redisDir = Files.createTempDirectory("genkend-redis");
        } else {
            Path pgDir = dataDir.resolve("postgresql");
            redisDir = dataDir.resolve("redis");
            Files.createDirectories(pgDir);
            Files.createDirectories(redisDir);
            builder.setDataDirectory(pgDir).setCleanDataDirectory(false);
        }
        postgres = builder.start();
        redisPort = freePort();
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
                .setting("dir " + redisDir)
                .setting(ephemeral ? "save \"\"" : "save 60 1")
                .setting("appendonly " + (ephemeral ? "no" : "yes"))
                .onShutdownForceStop(true)
                .build();
        redis.start();
        // Fallback for a JVM that exits without closing its contexts: give them 20 s to close first.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (USERS.get() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    break;
                }
            }
            stopServers();
        }, "genkend-embedded-stop"));
    }

    private static void release() {
        if (USERS.decrementAndGet() <= 0) {
            stopServers();
        }
    }

    private static synchronized void stopServers() {
        try {
            if (redis != null) {
                redis.stop();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException e) {
            // shutting down: the processes end with the JVM's process group at worst
        } finally {
            redis = null;
            postgres = null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
