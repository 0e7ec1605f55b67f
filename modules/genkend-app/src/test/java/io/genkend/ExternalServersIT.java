package io.genkend;

import io.genkend.support.Http;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the standard {@code spring.datasource.*} and {@code spring.data.redis.*} properties set, Genkend uses those
 * servers (here the machine's PostgreSQL on 127.0.0.1:5432 with trust authentication and Redis on 6379, as on
 * this project's CI machines), migrates a fresh database and starts no embedded server. Skipped, with a message,
 * where those servers are not running. Runs after every other test class of this JVM (see
 * {@code junit-platform.properties}): Camunda keeps engines and webapp state JVM-wide.
 */
@org.junit.jupiter.api.Order(Integer.MAX_VALUE)
class ExternalServersIT {

    private static final String DATABASE = "genkend_external_it";

    @Test
    void startsOnExternalPostgresqlAndRedis() throws Exception {
        Assumptions.assumeTrue(reachable(5432) && reachable(6379),
                "No PostgreSQL on 127.0.0.1:5432 or Redis on 127.0.0.1:6379: external-server start not tested here");
        recreateDatabase();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GenkendApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                "--spring.datasource.username=genkend_app", "--spring.datasource.password=genkend",
                "--spring.flyway.user=postgres", "--spring.flyway.password=",
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=6379",
                "--camunda.bpm.job-execution.enabled=false",
                // Camunda registers engines JVM-wide by name: closing a second "default" engine would unregister
                // the shared test context's engine, which Cockpit looks up by name
                "--camunda.bpm.process-engine-name=external",
                // Camunda's webapps keep JVM-wide state too; the shared context's Cockpit must survive this one
                "--camunda.bpm.webapp.enabled=false")) {
            assertThat(context.getEnvironment().getPropertySources().contains("genkendEmbedded")).isFalse();
            assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain("demo");
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            var health = new Http(port).get("/actuator/health", "application/json");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
            assertThat(new Http(port).get("/api/v1/api-keys", "application/json").statusCode()).isEqualTo(401);
        }
    }

    private static void recreateDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + DATABASE + " with (force)");
            statement.execute("create database " + DATABASE);
        }
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
