package io.genkend.journey.internal;

import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Savepoints} on the application's real transaction manager and PostgreSQL: failed work is rolled back to
 * its savepoint together with what it registered for the transaction's end, while the rest of the transaction and
 * its own synchronizations commit.
 */
@IntegrationTest
class SavepointsIT {

    @Autowired PlatformTransactionManager transactionManager;
    @Autowired JdbcTemplate jdbc;
    @Autowired TestTenants testTenants;

    private final Queue<String> calls = new ConcurrentLinkedQueue<>();

    /** Records its calls as {@code name:before} and {@code name:after:<status>}. */
    private TransactionSynchronization recording(String name) {
        return new TransactionSynchronization() {
            @Override
            public void beforeCompletion() {
                calls.add(name + ":before");
            }

            @Override
            public void afterCompletion(int status) {
                calls.add(name + ":after:" + (status == STATUS_COMMITTED ? "committed"
                        : status == STATUS_ROLLED_BACK ? "rolled-back" : "unknown"));
            }
        };
    }

    @Test
    void failedWorkCompletesItsSynchronizationsAsRolledBackAtOnceAndTheRestCommits() {
        // rows of a table with row-level security, written under the test tenant set on the transaction
        UUID tenant = testTenants.create("savepoints", null).tenant().id();
        Map<String, UUID> rows = Map.of("outside-before", UUID.randomUUID(), "inside-failed", UUID.randomUUID(),
                "inside-ok", UUID.randomUUID());
        Savepoints savepoints = new Savepoints(transactionManager);

        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenant.toString());
            TransactionSynchronizationManager.registerSynchronization(recording("outside-before"));
            insert(tenant, rows.get("outside-before"));
            assertThatThrownBy(() -> savepoints.run(() -> {
                insert(tenant, rows.get("inside-failed"));
                TransactionSynchronizationManager.registerSynchronization(recording("inside-failed"));
                throw new IllegalStateException("the journey's own failure");
            })).hasMessage("the journey's own failure");
            assertThat(calls).as("completed as rolled back when the savepoint was, before the commit")
                    .containsExactly("inside-failed:before", "inside-failed:after:rolled-back");
            savepoints.run(() -> {
                TransactionSynchronizationManager.registerSynchronization(recording("inside-ok"));
                return insert(tenant, rows.get("inside-ok"));
            });
            TransactionSynchronizationManager.registerSynchronization(recording("outside-after"));
        });

        assertThat(calls).as("each completed once; those of the committed work at the commit")
                .containsExactlyInAnyOrder("inside-failed:before", "inside-failed:after:rolled-back",
                        "outside-before:before", "outside-before:after:committed",
                        "inside-ok:before", "inside-ok:after:committed",
                        "outside-after:before", "outside-after:after:committed");
        List<UUID> stored = new TransactionTemplate(transactionManager).execute(tx -> {
            jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenant.toString());
            return jdbc.queryForList("select event_id from journey_processed_event where tenant_id = ?", UUID.class,
                    tenant);
        });
        assertThat(stored).as("the failed work's row was rolled back with its savepoint, the rest committed")
                .containsExactlyInAnyOrder(rows.get("outside-before"), rows.get("inside-ok"));
    }

    private int insert(UUID tenant, UUID eventId) {
        return jdbc.update("insert into journey_processed_event (tenant_id, event_id) values (?, ?)", tenant, eventId);
    }

    @Test
    void withoutSynchronizationsOnlyTheSavepointIsRolledBack() {
        Savepoints savepoints = new Savepoints(transactionManager);
        List<Integer> seen = new TransactionTemplate(transactionManager).execute(tx -> {
            assertThatThrownBy(() -> savepoints.run(() -> {
                throw new IllegalArgumentException("refused");
            })).isInstanceOf(IllegalArgumentException.class);
            return List.of(jdbc.queryForObject("select 1", Integer.class));
        });
        assertThat(seen).as("the transaction is usable after the failed savepoint").containsExactly(1);
    }
}
