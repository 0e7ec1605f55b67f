package io.genkend.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database probe against a real (embedded) PostgreSQL 15, migrated with Genkend's own {@code migrations/}
 * (so a renamed table or column of the decision or customer module fails here), rows written as the superuser.
 */
class DatabaseProbeTest {

    /** Held, so that the level set on it stays: Flyway logs every migration through java.util.logging. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private static EmbeddedPostgres postgres;
    private static String url;
    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID OTHER_TENANT = UUID.randomUUID();

    @BeforeAll
    static void migrate() throws Exception {
        FLYWAY_LOG.setLevel(Level.WARNING);
        postgres = EmbeddedPostgres.start();
        String jdbc = postgres.getJdbcUrl("postgres", "postgres");
        url = jdbc.substring(0, jdbc.indexOf('?'));
        Flyway.configure()
                .dataSource(url, "postgres", "")
                .locations("filesystem:" + System.getProperty("genkend.migrations", "../../migrations"))
                .placeholders(Map.of("appPassword", "bench-test"))
                .load().migrate();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into tenant (id, slug, name) values ('" + TENANT + "', 'bench-dealer', 'Dealer'),"
                    + " ('" + OTHER_TENANT + "', 'bench-other', 'Other')");
            s.execute("create database not_genkend");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void answersTheEarliestDecisionOfEachAskedCustomerInOneQuery() throws SQLException {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID decidedTwice = customer(TENANT, "bench-e2e-a-1");
        decision(TENANT, decidedTwice, t.plusMillis(40));
        decision(TENANT, decidedTwice, t);
        customer(TENANT, "bench-e2e-a-2");
        decision(TENANT, customer(TENANT, "bench-e2e-a-3"), t);
        decision(OTHER_TENANT, customer(OTHER_TENANT, "bench-e2e-a-4"), t);

        try (DatabaseProbe probe = DatabaseProbe.open(url, "postgres", "")) {
            assertThat(probe.decided(List.of("bench-e2e-a-1", "bench-e2e-a-2", "bench-e2e-unknown")))
                    .containsExactly(Map.entry("bench-e2e-a-1", t));
            assertThat(probe.decided(List.of())).isEmpty();
        }
    }

    @Test
    void keepsToTheTenantOfTheFirstDecisionItSaw() throws SQLException {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        decision(TENANT, customer(TENANT, "bench-e2e-b-1"), t);
        UUID later = customer(TENANT, "bench-e2e-b-2");
        decision(OTHER_TENANT, customer(OTHER_TENANT, "bench-e2e-b-2"), t);

        try (DatabaseProbe probe = DatabaseProbe.open(url, "postgres", "")) {
            assertThat(probe.decided(List.of("bench-e2e-b-1"))).containsOnlyKeys("bench-e2e-b-1");
            assertThat(probe.decided(List.of("bench-e2e-b-2"))).isEmpty();

            decision(TENANT, later, t.plusMillis(7));

            assertThat(probe.decided(List.of("bench-e2e-b-2"))).containsExactly(Map.entry("bench-e2e-b-2",
                    t.plusMillis(7)));
        }
    }

    @Test
    void theWaitProbeAnswersWhenAnInstanceOfTheCustomerBeganToWaitForTheMessage() throws SQLException {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        UUID waiting = customer(TENANT, "bench-floor-w-1");
        UUID elsewhere = customer(TENANT, "bench-floor-w-2");
        customer(TENANT, "bench-floor-w-3");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into act_re_procdef (id_, rev_, key_, version_, deployment_id_, suspension_state_)"
                    + " values ('benchFloor:1:x', 1, 'benchFloor', 1, 'd', 1) on conflict do nothing");
        }
        instance("pi-w-1", waiting, FloorJourney.WAIT, t.plusMillis(30));
        instance("pi-w-1b", waiting, FloorJourney.WAIT, t);
        instance("pi-w-2", elsewhere, "response:something-else", t);

        try (DatabaseProbe probe = DatabaseProbe.openWaits(url, "postgres", "", FloorJourney.WAIT)) {
            assertThat(probe.decided(List.of("bench-floor-w-1", "bench-floor-w-2", "bench-floor-w-3")))
                    .as("the earliest wait of the customer; another message or no instance is not waiting")
                    .containsExactly(Map.entry("bench-floor-w-1", t));
        }
    }

    /** An instance of the floor journey keyed by the customer, waiting for {@code message} since {@code at}. */
    private static void instance(String id, UUID customer, String message, Instant at) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement e = c.prepareStatement("insert into act_ru_execution (id_, rev_, proc_inst_id_,"
                     + " business_key_, proc_def_id_, is_active_, is_concurrent_, is_scope_, is_event_scope_,"
                     + " suspension_state_, tenant_id_) values (?, 1, ?, ?, 'benchFloor:1:x', true, false, true,"
                     + " false, 1, 'bench-dealer')");
             PreparedStatement sub = c.prepareStatement("insert into act_ru_event_subscr (id_, rev_, event_type_,"
                     + " event_name_, execution_id_, proc_inst_id_, activity_id_, created_, tenant_id_)"
                     + " values (?, 1, 'message', ?, ?, ?, 'awaitAnswer', ?, 'bench-dealer')")) {
            e.setString(1, id);
            e.setString(2, id);
            e.setString(3, customer.toString());
            e.executeUpdate();
            sub.setString(1, "sub-" + id);
            sub.setString(2, message);
            sub.setString(3, id);
            sub.setString(4, id);
            sub.setTimestamp(5, Timestamp.from(at));
            sub.executeUpdate();
        }
    }

    @Test
    void refusesARoleThatRowLevelSecurityWouldBlind() {
        assertThatThrownBy(() -> DatabaseProbe.open(url, "genkend_app", "bench-test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("row-level security").hasMessageContaining("genkend_app");
    }

    @Test
    void refusesADatabaseWithoutGenkendsTables() {
        String other = url.substring(0, url.lastIndexOf('/') + 1) + "not_genkend";

        assertThatThrownBy(() -> DatabaseProbe.open(other, "postgres", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not_genkend").hasMessageContaining("--jdbc-url");
    }

    private static UUID customer(UUID tenant, String userId) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("insert into customer (id, tenant_id, user_id) values (?, ?, ?)")) {
            s.setObject(1, id);
            s.setObject(2, tenant);
            s.setString(3, userId);
            s.executeUpdate();
        }
        return id;
    }

    private static void decision(UUID tenant, UUID customer, Instant at) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("insert into decision (id, tenant_id, customer_id, offer_code,"
                     + " holdout, candidates, decided_at) values (?, ?, ?, 'taxi', false, '[]'::jsonb, ?)")) {
            s.setObject(1, UUID.randomUUID());
            s.setObject(2, tenant);
            s.setObject(3, customer);
            s.setTimestamp(4, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Test
    void serverStateWaitsForDueCamundaJobsAndRefreshesStatistics() throws Exception {
        BenchOptions options = BenchOptions.parse(new String[]{"--phases", "commit", "--jdbc-url", url, "--jdbc-user", "postgres"}, Map.of());
        try (ServerState state = ServerState.open(options)) {
            assertThat(state).as("Genkend's database is recognised").isNotNull();
            assertThat(state.awaitIdleJobs(java.time.Duration.ofSeconds(1))).isZero();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into act_ru_job (id_, rev_, type_, retries_, duedate_, suspension_state_)"
                        + " values ('bench-due-job', 1, 'message', 3, now() - interval '1 second', 1),"
                        + " ('bench-later-job', 1, 'timer', 3, now() + interval '1 day', 1),"
                        + " ('bench-failed-job', 1, 'message', 0, null, 1)");
            }
            assertThat(state.awaitIdleJobs(java.time.Duration.ofMillis(300)))
                    .as("only the due job with retries left counts").isEqualTo(1);
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("delete from act_ru_job where id_ like 'bench-%'");
                s.execute("select pg_stat_reset()");
            }
            state.analyze("test");
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("select count(*) from pg_stat_user_tables"
                         + " where relname = 'act_ru_execution' and last_analyze is not null")) {
                rs.next();
                assertThat(rs.getInt(1)).as("ANALYZE ran").isEqualTo(1);
            }
        }
        BenchOptions elsewhere = BenchOptions.parse(new String[]{"--phases", "commit", "--jdbc-url", url.replace("/postgres", "/not_genkend"),
                "--jdbc-user", "postgres"}, Map.of());
        assertThat(ServerState.open(elsewhere)).as("not Genkend's database").isNull();
    }

    @Test
    void theAutoanalyzeRuleAnalyzesATableOnceItChangedPastTheThreshold() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // the server's own autoanalyze stays out of this table, so that only the driver's rule can analyze it
            s.execute("create table bench_autoanalyze (n int) with (autovacuum_enabled = false)");
            s.execute("insert into bench_autoanalyze select generate_series(1, 40)");
            Thread.sleep(1500); // PostgreSQL publishes a backend's table statistics within a second of its commit
            assertThat(analyzedTables(c)).as("40 changes are below 50 + 10 %% of 0 rows").doesNotContain("bench_autoanalyze");
            s.execute("insert into bench_autoanalyze select generate_series(41, 100)");
            long until = System.nanoTime() + 10_000_000_000L;
            java.util.List<String> analyzed = analyzedTables(c);
            while (!analyzed.contains("bench_autoanalyze") && System.nanoTime() < until) {
                Thread.sleep(200);
                analyzed = analyzedTables(c);
            }
            assertThat(analyzed).as("100 changes are past the threshold").contains("bench_autoanalyze");
            try (java.sql.ResultSet rs = s.executeQuery("select reltuples from pg_class where relname = 'bench_autoanalyze'")) {
                rs.next();
                assertThat(rs.getFloat(1)).as("the statistics now know the rows").isEqualTo(100f);
            }
            assertThat(analyzedTables(c)).as("analyzed tables start counting again").doesNotContain("bench_autoanalyze");
        }
    }

    /** @return the tables (without schema) that one pass of {@link ServerState#analyzeChanged} analyzed */
    private static java.util.List<String> analyzedTables(Connection c) throws SQLException {
        return ServerState.analyzeChanged(c).stream().map(t -> t.replaceFirst("^public\\.", "")).toList();
    }
}
