package io.genkend.journey.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs work in a savepoint of the current transaction ({@code PROPAGATION_NESTED}: a JDBC savepoint of the shared
 * {@code DataSourceTransactionManager}) and, when the work fails and its savepoint is rolled back, also rolls back
 * what it registered for the end of the transaction. Spring keeps one list of {@link TransactionSynchronization}s
 * per transaction, and a savepoint has none of its own (Spring Framework reference, "Transaction Propagation",
 * {@code PROPAGATION_NESTED}: "a single physical transaction with multiple savepoints"): without this, an
 * after-commit listener of an event published by the rolled-back work (a {@code TaskCreated} of a user task the
 * savepoint removed again, a {@code JourneyEntered}) would still run when the transaction commits, and a
 * frequency-cap count taken in Redis by a rolled-back outreach would never be given back. Here the
 * synchronizations registered during the failed work are taken out of the transaction's list and completed at once
 * as rolled back ({@code beforeCompletion}, then {@code afterCompletion(STATUS_ROLLED_BACK)}, Spring's own order
 * for a rollback), so they see exactly what happened to the work: an {@code AFTER_COMMIT} listener does not run,
 * the Redis count is given back, a tenant mark set on the connection inside the savepoint (whose
 * {@code set_config} the rollback undid) is dropped. Those registered before the work stay, in their order.
 */
final class Savepoints {

    private static final Logger log = LoggerFactory.getLogger(Savepoints.class);

    private final TransactionTemplate nested;

    /** @param transactionManager the transaction manager of the surrounding transaction */
    Savepoints(PlatformTransactionManager transactionManager) {
        this.nested = new TransactionTemplate(transactionManager);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs {@code work} in a savepoint.
     *
     * @return what the work returned
     * @throws RuntimeException what the work threw, after its savepoint and its synchronizations were rolled back
     */
    <T> T run(Supplier<T> work) {
        List<TransactionSynchronization> before = TransactionSynchronizationManager.isSynchronizationActive()
                ? TransactionSynchronizationManager.getSynchronizations() : null;
        try {
            return nested.execute(status -> work.get());
        } catch (RuntimeException | Error e) {
            if (before != null) {
                rollBackRegisteredSince(before);
            }
            throw e;
        }
    }

    /** Takes the synchronizations registered since {@code before} out of the transaction and completes them. */
    private static void rollBackRegisteredSince(List<TransactionSynchronization> before) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        Set<TransactionSynchronization> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(before);
        List<TransactionSynchronization> added = new ArrayList<>();
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (!kept.contains(s)) {
                added.add(s);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationManager.initSynchronization();
        before.forEach(TransactionSynchronizationManager::registerSynchronization);
        for (TransactionSynchronization s : added) {
            try {
                s.beforeCompletion();
            } catch (RuntimeException e) {
                log.warn("A synchronization of rolled-back work failed before its completion: {}", e.toString());
            }
        }
        for (TransactionSynchronization s : added) {
            try {
                s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
            } catch (RuntimeException e) {
                log.warn("A synchronization of rolled-back work failed after its rollback: {}", e.toString());
            }
        }
        log.debug("Rolled back {} synchronization(s) registered in a failed savepoint", added.size());
    }
}
