package io.genkend.webhook.internal;

import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.genkend.schema.Routines.purgeWebhookDeliveries;
import static io.genkend.schema.Tables.CLAIM_WEBHOOK_DELIVERIES;

/**
 * Sends due deliveries of every tenant. Each replica polls every {@code poll-interval}, and again whenever a
 * worker becomes idle: it claims at most as many due deliveries as it has idle workers through the {@code claim_webhook_deliveries} function (SECURITY DEFINER,
 * because row-level security hides other tenants' rows; {@code FOR UPDATE SKIP LOCKED} and a lease keep
 * replicas apart; no more than {@code per-endpoint-in-flight} per subscription), then makes each attempt on a
 * bounded pool of workers under the delivery's tenant. A slow endpoint therefore holds at most that many workers,
 * and the others keep going.
 *
 * <p>All state is in the database: stopping (or losing) a replica mid-retry loses nothing; a delivery claimed by a
 * replica that died is claimed again when its lease ends.
 */
@Component
public class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final DeliveryAttempts attempts;
    private final WebhookProperties properties;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private volatile Instant nextPurge = Instant.MIN;

    private volatile boolean running;
    private ScheduledExecutorService poller;
    private ExecutorService workers;

    DeliveryDispatcher(DSLContext dsl, TransactionTemplate transactions, DeliveryAttempts attempts,
                       WebhookProperties properties, Clock clock, MeterRegistry meters) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.attempts = attempts;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("genkend.webhook.attempts.in-flight", inFlight, AtomicInteger::get)
                .description("Webhook attempts this replica is making now").register(meters);
    }

    /** Starts polling and the worker pool. */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "webhook-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-poller");
            t.setDaemon(true);
            return t;
        });
        running = true;
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        log.info("Webhook dispatcher started: {} workers, {} per endpoint", properties.workers(),
                properties.perEndpointInFlight());
    }

    /** Stops polling and lets attempts in flight finish (up to the timeout); nothing queued is lost. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        poller.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(properties.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("Webhook dispatcher stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void poll() {
        try {
            dispatchDue();
            if (!clock.instant().isBefore(nextPurge)) {
                nextPurge = clock.instant().plus(Duration.ofHours(1));
                purgeExpired();
            }
        } catch (RuntimeException e) {
            log.warn("Webhook dispatch failed; trying again at the next poll", e);
        }
    }

    /**
     * A worker just became idle, or the outbox just committed new deliveries: look for due work now rather than
     * at the next poll, so that a backlog is worked off at the speed of the endpoints, not one batch per poll
     * interval. Wake-ups coalesce.
     */
    void wakeUp() {
        ScheduledExecutorService scheduler = poller;
        if (running && scheduler != null && wakeUpQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    wakeUpQueued.set(false);
                    poll();
                });
            } catch (RejectedExecutionException stopping) {
                wakeUpQueued.set(false);
            }
        }
    }

    /**
     * Deletes finished deliveries (succeeded or dead) older than {@code genkend.webhook.retention}, with their
     * attempts, across tenants. Runs hourly on every replica (deleting twice is harmless).
     *
     * @return how many deliveries were deleted
     */
    public int purgeExpired() {
        Integer purged = transactions.execute(status -> TenantContext.callAs(null, () ->
                dsl.select(purgeWebhookDeliveries(clock.instant().minus(properties.retention())))
                        .fetchOne(0, Integer.class)));
        if (purged != null && purged > 0) {
            log.info("Purged {} finished webhook deliveries older than {}", purged, properties.retention());
        }
        return purged == null ? 0 : purged;
    }

    /**
     * Claims the deliveries due now (by the clock) that idle workers can take, and starts their attempts.
     *
     * @return completes when the attempts started by this call have finished; already complete when the
     *         dispatcher is stopped or nothing was due
     */
    public CompletableFuture<Void> dispatchDue() {
        ExecutorService pool = workers;
        if (!running || pool == null) {
            return CompletableFuture.completedFuture(null);
        }
        int idle = properties.workers() - inFlight.get();
        if (idle <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        List<Claim> claims = transactions.execute(status -> TenantContext.callAs(null, () ->
                dsl.selectFrom(CLAIM_WEBHOOK_DELIVERIES.call(clock.instant(), idle,
                                properties.perEndpointInFlight(), (int) properties.lease().toSeconds()))
                        .fetch(r -> new Claim(r.getDeliveryId(), new Tenant(r.getTenantId(), r.getTenantSlug())))));
        if (claims == null || claims.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] started = new CompletableFuture<?>[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            inFlight.incrementAndGet();
            try {
                started[i] = CompletableFuture.runAsync(() -> {
                    try {
                        TenantContext.runAs(claim.tenant(), () -> attempts.attempt(claim.deliveryId()));
                    } catch (RuntimeException e) {
                        log.warn("Webhook attempt for delivery {} failed; it is tried again when its lease ends",
                                claim.deliveryId(), e);
                    } finally {
                        inFlight.decrementAndGet();
                        wakeUp();
                    }
                }, pool);
            } catch (RejectedExecutionException stopping) {
                inFlight.decrementAndGet();
                started[i] = CompletableFuture.completedFuture(null); // its lease ends; another poll takes it
            }
        }
        return CompletableFuture.allOf(started);
    }

    private record Claim(UUID deliveryId, Tenant tenant) {
    }
}
