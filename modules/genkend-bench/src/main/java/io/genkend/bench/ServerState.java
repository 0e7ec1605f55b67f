package io.genkend.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * What the driver does to Genkend's database between steps, over JDBC ({@code --jdbc-url}, a superuser), so that
 * every step starts from the same kind of state:
 * <ul>
 *   <li>{@link #analyze()}: {@code ANALYZE} of the whole database, as PostgreSQL's autovacuum daemon does by itself
 *       once a table has changed by 10 % (autoanalyze, PostgreSQL manual 25.1.6 "Updating Planner Statistics").
 *       A server with autovacuum off (this machine's: {@code conf.d/90-ci.conf}) otherwise keeps the statistics of
 *       the empty tables it started with, and plans, for example, every foreign-key check of a new process variable
 *       as a sequential scan of all running executions: the step then measures the missing statistics.</li>
 *   <li>{@link #awaitIdleJobs(Duration)}: waits until Camunda has no due job left ({@code ACT_RU_JOB}), so that a
 *       step does not inherit the outreach jobs of the step before it.</li>
 *   <li>While the phase runs, when the server's {@code autovacuum} is off: autoanalyze's own rule every
 *       {@link #AUTOANALYZE_PERIOD} on its own connection — {@code ANALYZE} of each table changed by more than
 *       {@code autovacuum_analyze_threshold} (50) + {@code autovacuum_analyze_scale_factor} (0.1) x its rows since
 *       its last analysis (PostgreSQL manual 25.1.6; {@code pg_stat_user_tables.n_mod_since_analyze}). Without it, a
 *       warm-up of a few minutes grows the tables from nothing under the statistics of empty tables: foreign-key
 *       checks and the probe's join became sequential scans and the server fell to a fifth of its rate during the
 *       warm-up (docs/performance.md, session 4).</li>
 * </ul>
 */
final class ServerState implements AutoCloseable {

    private static final String DUE_JOBS = "select count(*) from act_ru_job where retries_ > 0"
            + " and (duedate_ is null or duedate_ <= now()) and coalesce(suspension_state_, 1) = 1";

    /** How often the autoanalyze rule is applied while autovacuum is off. */
    static final Duration AUTOANALYZE_PERIOD = Duration.ofSeconds(10);

    /** Tables past autoanalyze's threshold (defaults of autovacuum_analyze_threshold and _scale_factor). */
    static final String PAST_THRESHOLD = "select format('%I.%I', t.schemaname, t.relname) from pg_stat_user_tables t"
            + " join pg_class c on c.oid = t.relid"
            + " where t.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)";

    private final Connection connection;
    private final Thread autoanalyze;

    private ServerState(Connection connection, Thread autoanalyze) {
        this.connection = connection;
        this.autoanalyze = autoanalyze;
    }

    /**
     * @return the state of the database {@code --jdbc-url} names, or {@code null} (with a line on stderr) when it
     *         cannot be reached or is not Genkend's
     */
    static ServerState open(BenchOptions options) {
        try {
            Connection c = DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select to_regclass('act_ru_job') is not null")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return new ServerState(c, autoanalyzeIfOff(c, options));
                }
            }
            c.close();
            System.err.println("  " + options.jdbcUrl() + " is not Genkend's database: statistics not refreshed");
        } catch (SQLException e) {
            System.err.println("  cannot reach " + options.jdbcUrl() + " (" + e.getMessage()
                    + "): statistics not refreshed");
        }
        return null;
    }

    /**
     * @return the started daemon thread that applies autoanalyze's rule while autovacuum is off, or {@code null}
     *         when the server analyzes by itself
     */
    private static Thread autoanalyzeIfOff(Connection c, BenchOptions options) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show autovacuum")) {
            if (rs.next() && "on".equals(rs.getString(1))) {
                return null;
            }
        }
        Connection own = DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
        Thread thread = new Thread(() -> {
            try (own) {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(AUTOANALYZE_PERIOD.toMillis());
                    analyzeChanged(own);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                System.err.println("  autoanalyze stopped: " + e.getMessage());
            }
        }, "bench-autoanalyze");
        thread.setDaemon(true);
        thread.start();
        System.err.println("  autovacuum is off on this server: the driver analyzes changed tables every "
                + AUTOANALYZE_PERIOD.toSeconds() + " s, by autoanalyze's rule");
        return thread;
    }

    /**
     * Analyzes the tables past autoanalyze's threshold.
     *
     * @return the tables analyzed, {@code schema.table}
     */
    static java.util.List<String> analyzeChanged(Connection c) throws SQLException {
        java.util.List<String> tables = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PAST_THRESHOLD)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            try (Statement s = c.createStatement()) {
                s.execute("analyze " + table);
            }
        }
        return tables;
    }

    /** Runs {@code ANALYZE} and says so on stderr with how long it took. */
    void analyze(String phase) {
        long start = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute("analyze");
            System.err.printf(Locale.ROOT, "  (%s) planner statistics refreshed (ANALYZE, %.1f s)%n", phase,
                    (System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            System.err.println("  (" + phase + ") ANALYZE failed: " + e.getMessage());
        }
    }

    /**
     * Waits until no Camunda job is due (or {@code timeout} passed).
     *
     * @return the due jobs left (0 when idle)
     */
    long awaitIdleJobs(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        long due = dueJobs();
        while (due > 0 && System.nanoTime() < until) {
            Thread.sleep(100);
            due = dueJobs();
        }
        return due;
    }

    private long dueJobs() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(DUE_JOBS)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            System.err.println("  due jobs unknown: " + e.getMessage());
            return 0;
        }
    }

    @Override
    public void close() {
        if (autoanalyze != null) {
            autoanalyze.interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
