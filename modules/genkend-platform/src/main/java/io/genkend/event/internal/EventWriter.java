package io.genkend.event.internal;

import io.genkend.tenancy.Tenant;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of accepted events. Request threads hand their validated events to {@link #submit} and wait; a
 * few writer threads ({@code genkend.event.writers}) each take whatever has queued up for them (at most
 * {@code genkend.event.max-group} events) and store it in one transaction ({@link EventStore#storeAll}), so that
 * one commit (one WAL flush) serves many requests. A request's future completes only after its batch committed:
 * nothing is answered {@code 202} before it is durable, and the {@link io.genkend.event.EventAccepted}
 * publications are in the same commit.
 *
 * <p>Events go to a writer by their customer (userId, else anonymousId), so that one customer's events keep their
 * order and two writers rarely wait for the same customer's lock. When a batch fails as a whole (an erased
 * customer, a malformed consent trait, a key inserted concurrently by another replica, a database error), it is
 * rolled back and its events are stored one by one, each in its own transaction, as without group commit: one bad
 * event never costs the others.
 */
@Component
class EventWriter {

    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);

    private final EventStore store;
    private final int maxGroup;
    private final List<BlockingQueue<Waiting>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    EventWriter(EventStore store, EventProperties properties) {
        this.store = store;
        this.maxGroup = Math.max(1, properties.maxGroup());
        int writers = Math.max(1, properties.writers());
        for (int i = 0; i < writers; i++) {
            BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread thread = new Thread(() -> run(queue), "event-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private record Waiting(EventStore.Pending pending, CompletableFuture<EventStore.Stored> result) {
    }

    /**
     * Queues one validated event of a tenant for the next group commit.
     *
     * @return completes with the stored event (or its original, for a duplicate) once committed, or exceptionally
     *         with what {@link EventStore#store} throws for it
     */
    CompletableFuture<EventStore.Stored> submit(Tenant tenant, IncomingEvent event) {
        CompletableFuture<EventStore.Stored> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("Shutting down: not accepting events"));
            return result;
        }
        queues.get(Math.floorMod(partitionKey(event).hashCode(), queues.size()))
                .add(new Waiting(new EventStore.Pending(tenant, event), result));
        return result;
    }

    private static String partitionKey(IncomingEvent event) {
        if (event.userId() != null) {
            return "u:" + event.userId();
        }
        if (event.anonymousId() != null) {
            return "a:" + event.anonymousId();
        }
        return event.dedupKey() != null ? event.dedupKey() : String.valueOf(System.nanoTime());
    }

    private void run(BlockingQueue<Waiting> queue) {
        List<Waiting> batch = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Waiting first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxGroup - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                log.error("Event writer failed on a batch of {}", batch.size(), e);
                batch.forEach(w -> w.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Waiting> batch) {
        List<Object> outcomes;
        try {
            outcomes = store.storeAll(batch.stream().map(Waiting::pending).toList());
        } catch (RuntimeException e) {
            log.debug("Group of {} events failed as a whole ({}); storing them one by one", batch.size(),
                    e.toString());
            for (Waiting waiting : batch) {
                try {
                    waiting.result().complete(store.store(waiting.pending().tenant(), waiting.pending().event()));
                } catch (RuntimeException single) {
                    waiting.result().completeExceptionally(single);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof EventStore.Stored stored) {
                batch.get(i).result().complete(stored);
            } else {
                batch.get(i).result().completeExceptionally((RuntimeException) outcome);
            }
        }
    }

    /** Stops taking events, lets the writers store what is queued, and waits for them (at most 30 s). */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
