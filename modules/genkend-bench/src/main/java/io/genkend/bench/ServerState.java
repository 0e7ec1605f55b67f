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
 * </ul>
 */
final class ServerState implements AutoCloseable {

    private static final String DUE_JOBS = "select count(*) from act_ru_job where retries_ > 0"
            + " and (duedate_ is null or duedate_ <= now()) and coalesce(suspension_state_, 1) = 1";

    private final Connection connection;

    private ServerState(Connection connection) {
        this.connection = connection;
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
                    return new ServerState(c);
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
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
