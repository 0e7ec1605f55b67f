package io.genkend.journey.internal;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyRetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final ConcurrencyRetry retry = new ConcurrencyRetry(5, Duration.ofMillis(40), waits::add);

    @Test
    void anOptimisticLockingFailureIsTriedAgainWithAGrowingWait() {
        AtomicInteger calls = new AtomicInteger();
        retry.run("test", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new ProcessEngineException("wrapped",
                        new OptimisticLockingException("ENGINE-03005 Execution of 'DELETE ExecutionEntity' failed"));
            }
        });
        assertThat(calls).hasValue(4);
        assertThat(waits).hasSize(3);
        // base 40, 80, 160 ms, each with ±50 % jitter
        assertThat(waits.get(0).toMillis()).isBetween(20L, 60L);
        assertThat(waits.get(1).toMillis()).isBetween(40L, 120L);
        assertThat(waits.get(2).toMillis()).isBetween(80L, 240L);
    }

    @Test
    void aDeletedInstanceAndADatabaseLockFailureAreConcurrencyFailuresToo() {
        assertThat(ConcurrencyRetry.isConcurrencyFailure(new ProcessEngineException(
                "Cannot restore state of process instance 42: list of executions is empty"))).isTrue();
        assertThat(ConcurrencyRetry.isConcurrencyFailure(new CannotAcquireLockException("deadlock"))).isTrue();
        // seen with two replicas: the instance ended (its own job) between the exit-event query and the delete
        assertThat(ConcurrencyRetry.isConcurrencyFailure(new org.camunda.bpm.engine.exception.NotFoundException(
                "No process instance found for id 'a422b867': processInstance is null"))).isTrue();
        // seen in JourneyTriggeringIT: PostgreSQL's deadlock, inside Camunda's persistence exception
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 0 delete from ACT_RU_EXECUTION",
                "55000", new int[0]);
        batch.setNextException(new java.sql.SQLException("ERROR: deadlock detected", "40P01"));
        assertThat(ConcurrencyRetry.isConcurrencyFailure(new org.camunda.bpm.engine.ProcessEnginePersistenceException(
                "An exception occurred in the persistence layer", new ProcessEngineException("ENGINE-03004", batch))))
                .isTrue();
        assertThat(ConcurrencyRetry.isConcurrencyFailure(new ProcessEngineException("Unknown property used"))).isFalse();
    }

    @Test
    void otherFailuresAreNotRetriedAndTheLastConcurrencyFailureIsThrown() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("test", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("broken model");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);

        calls.set(0);
        assertThatThrownBy(() -> retry.run("test", () -> {
            calls.incrementAndGet();
            throw new OptimisticLockingException("always");
        })).isInstanceOf(OptimisticLockingException.class);
        assertThat(calls).hasValue(5);
    }

    @Test
    void transientFailuresAreConcurrencyFailuresLockTimeoutsAndTransactionRollbacksButNotAModelsMistakes() {
        assertThat(ConcurrencyRetry.isTransient(new OptimisticLockingException("ENGINE-03005"))).isTrue();
        assertThat(ConcurrencyRetry.isTransient(new org.springframework.dao.QueryTimeoutException("slow"))).isTrue();
        assertThat(ConcurrencyRetry.isTransient(new ProcessEngineException("wrapped",
                new java.sql.SQLTransientConnectionException("gone for a moment")))).isTrue();
        assertThat(ConcurrencyRetry.isTransient(new ProcessEngineException("wrapped",
                new java.sql.SQLException("statement completion unknown", "40003")))).isTrue();
        assertThat(ConcurrencyRetry.isTransient(new ProcessEngineException(
                "Unknown property used in expression: ${nobodySetsThis == 1}"))).isFalse();
        assertThat(ConcurrencyRetry.isTransient(new ProcessEngineException("wrapped",
                new java.sql.SQLException("duplicate key", "23505")))).isFalse();
    }
}
