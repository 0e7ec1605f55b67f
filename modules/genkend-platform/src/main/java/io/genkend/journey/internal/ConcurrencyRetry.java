package io.genkend.journey.internal;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs work that the engine may refuse because another transaction changed the same instance at the same moment
 * (Camunda's {@link OptimisticLockingException}, "Cannot restore state of process instance …: list of executions
 * is empty" when a concurrent transaction deleted it, a {@link NotFoundException} for an instance that ended between
 * the query and the command, or a database deadlock or serialization failure: SQLState 40P01/40001, also when
 * Camunda wraps it in its persistence exception), again, a few times,
 * with a doubling, jittered back-off. Each attempt must be its own transaction. Other failures, and the last
 * concurrency failure, are thrown as they are.
 */
final class ConcurrencyRetry {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyRetry.class);
    /** PostgreSQL's SQLState of a detected deadlock. */
    private static final String DEADLOCK = "40P01";
    /** SQLState of a serialization failure. */
    private static final String SERIALIZATION = "40001";

    /** Waits between attempts; replaceable in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int attempts;
    private final Duration backoff;
    private final Sleeper sleeper;

    /**
     * @param attempts how many times to try in all (at least 1)
     * @param backoff  the wait before the second attempt, doubled for each further one (±50 % jitter)
     */
    ConcurrencyRetry(int attempts, Duration backoff, Sleeper sleeper) {
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /** Runs {@code work}, again after a concurrency failure, at most {@code attempts} times in all. */
    void run(String what, Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                if (attempt > 1) {
                    log.info("{} succeeded at attempt {}", what, attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isConcurrencyFailure(e)) {
                    throw e;
                }
                long base = backoff.toMillis() << (attempt - 1);
                long wait = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
                log.info("{} met a concurrent change (attempt {} of {}), again in {} ms: {}", what, attempt,
                        attempts, wait, e.getMessage());
                try {
                    sleeper.sleep(Duration.ofMillis(wait));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Whether {@code e} is a failure of the moment rather than of a journey's model: a concurrency failure
     * ({@link #isConcurrencyFailure}), Spring's {@link TransientDataAccessException} (such as
     * {@code CannotAcquireLockException} or a query timeout), JDBC's {@link SQLTransientException}, or any SQLState
     * of class 40 (transaction rollback). {@link JourneyTriggers} lets such a failure of one journey's start fail
     * the whole event, so that the event is tried again as a whole, instead of recording a start failure.
     *
     * @return whether {@code e} (or a cause) is transient
     */
    static boolean isTransient(Throwable e) {
        if (isConcurrencyFailure(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null && next.getSQLState().startsWith("40")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** @return whether {@code e} (or a cause) says that a concurrent transaction got in the way */
    static boolean isConcurrencyFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockingException || t instanceof ConcurrencyFailureException
                    || t instanceof NotFoundException) {
                return true;
            }
            if (t instanceof ProcessEngineException && t.getMessage() != null
                    && t.getMessage().contains("list of executions is empty")) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (DEADLOCK.equals(next.getSQLState()) || SERIALIZATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
