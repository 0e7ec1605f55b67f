package io.genkend.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure (a), the limit S: how many single-row {@code INSERT}s, each committed on its own, PostgreSQL takes per
 * second. N threads, each with its own JDBC connection (autocommit off), loop {@code insert one row; commit} for
 * one step; S is the best rate over the thread counts tried. The rows go into a scratch table
 * {@code genkend_bench_commit} (an ordinary, logged table like Genkend's own), dropped at the end. With
 * {@code synchronous_commit = on} (the default) every commit waits for its WAL flush, so S is mostly the disk's
 * flush rate multiplied by group commit.
 */
public final class CommitLimit {

    /**
     * One step.
     *
     * @param threads   threads (connections)
     * @param commits   commits done
     * @param perSecond commits per second
     */
    public record Step(int threads, long commits, double perSecond) {
    }

    /**
     * The figure with its steps and the server's settings that explain it.
     *
     * @param best     the best step: S
     * @param steps    all steps, in order
     * @param server   PostgreSQL's version string
     * @param settings {@code synchronous_commit}, {@code fsync}, {@code wal_sync_method}, {@code commit_delay}
     */
    public record Result(Step best, List<Step> steps, String server, String settings) {
    }

    private final BenchOptions options;

    /** @param options the command line */
    public CommitLimit(BenchOptions options) {
        this.options = options;
    }

    /** Measures S. */
    public Result measure() throws SQLException, InterruptedException {
        String server;
        String settings;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select version(), current_setting('synchronous_commit'), current_setting('fsync'),"
                    + " current_setting('wal_sync_method'), current_setting('commit_delay')");
            rs.next();
            server = rs.getString(1);
            settings = "synchronous_commit=" + rs.getString(2) + ", fsync=" + rs.getString(3)
                    + ", wal_sync_method=" + rs.getString(4) + ", commit_delay=" + rs.getString(5);
            s.execute("drop table if exists genkend_bench_commit");
            s.execute("create table genkend_bench_commit (id bigserial primary key, thread int not null,"
                    + " payload text not null, created_at timestamptz not null default now())");
        }
        List<Step> steps = new ArrayList<>();
        long budget = options.maxEvents();
        try {
            for (int threads : options.commitThreads()) {
                Step step = step(threads, options.step(), budget);
                steps.add(step);
                budget -= step.commits();
                System.err.printf("  (a) %2d threads: %8.0f commits/s%n", threads, step.perSecond());
                if (budget <= 0) {
                    break;
                }
            }
        } finally {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("drop table if exists genkend_bench_commit");
            }
        }
        Step best = steps.stream().max((x, y) -> Double.compare(x.perSecond(), y.perSecond())).orElseThrow();
        return new Result(best, steps, server, settings);
    }

    private Step step(int threads, Duration length, long budget) throws InterruptedException {
        LongAdder commits = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong left = new AtomicLong(budget);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try (Connection c = connect()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement insert = c.prepareStatement(
                            "insert into genkend_bench_commit (thread, payload) values (?, ?)")) {
                        ready.countDown();
                        go.await();
                        while (!stop.get() && left.decrementAndGet() >= 0) {
                            insert.setInt(1, id);
                            insert.setString(2, "row of thread " + id);
                            insert.executeUpdate();
                            c.commit();
                            commits.increment();
                        }
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    ready.countDown();
                }
            }, "commit-" + t);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(length.toMillis());
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Commit workers failed: " + failures.get(0), failures.get(0));
        }
        return new Step(threads, commits.sum(), commits.sum() / seconds);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword());
    }
}
