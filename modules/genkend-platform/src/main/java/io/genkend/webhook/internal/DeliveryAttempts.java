package io.genkend.webhook.internal;

import io.genkend.schema.tables.records.WebhookDeliveryRecord;
import io.genkend.schema.tables.records.WebhookSubscriptionRecord;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.WebhookSubscriptionDisabled;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.genkend.schema.Tables.WEBHOOK_ATTEMPT;
import static io.genkend.schema.Tables.WEBHOOK_DELIVERY;
import static io.genkend.schema.Tables.WEBHOOK_NOTICE;
import static io.genkend.schema.Tables.WEBHOOK_SUBSCRIPTION;

/**
 * One attempt at one claimed delivery, under its tenant, in three steps so that a crash anywhere loses nothing:
 * (1) a transaction counts the attempt and commits; (2) the HTTP call, outside any transaction; (3) a transaction
 * records the answer and decides what follows: done on 2xx; dead and the endpoint disabled on 410; the next try
 * after {@code Retry-After} on 429 and 503; otherwise the next try on the {@link RetrySchedule}, or dead after the
 * last. A crash between (1) and (3) leaves the lease to expire and the delivery is tried again, with the same
 * {@code webhook-id}, so receivers that deduplicate on it see it once in effect.
 */
@Component
class DeliveryAttempts {

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;

    DeliveryAttempts(DSLContext dsl, TransactionTemplate transactions, WebhookSender sender,
                     WebhookProperties properties, Clock clock, ApplicationEventPublisher events,
                     MeterRegistry meters) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.sender = sender;
        this.properties = properties;
        this.schedule = properties.schedule();
        this.clock = clock;
        this.events = events;
        this.meters = meters;
    }

    /** Makes one attempt at a delivery that this replica has claimed; the tenant must be set. */
    void attempt(UUID deliveryId) {
        Prepared prepared = transactions.execute(status -> prepare(deliveryId));
        if (prepared == null) {
            return;
        }
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        WebhookSender.Response response = sender.send(prepared.url(), prepared.messageId().toString(),
                startedAt.getEpochSecond(), prepared.body(), prepared.secrets());
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String outcome = transactions.execute(status -> record(prepared, response, startedAt, latencyMs));
        Timer.builder("genkend.webhook.attempt.duration").description("Time from request to answer")
                .tag("outcome", outcome.toLowerCase()).register(meters).record(Duration.ofMillis(latencyMs));
        meters.counter("genkend.webhook.attempts", "outcome", outcome.toLowerCase()).increment();
    }

    private Prepared prepare(UUID deliveryId) {
        WebhookDeliveryRecord delivery = dsl.selectFrom(WEBHOOK_DELIVERY).where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .and(WEBHOOK_DELIVERY.STATUS.eq("PENDING")).forNoKeyUpdate().fetchOne();
        if (delivery == null) {
            return null;
        }
        WebhookSubscriptionRecord subscription = dsl.selectFrom(WEBHOOK_SUBSCRIPTION)
                .where(WEBHOOK_SUBSCRIPTION.ID.eq(delivery.getSubscriptionId())).fetchOne();
        if (subscription == null || !subscription.getEnabled()) {
            delivery.setClaimedUntil(null);
            delivery.store();
            return null;
        }
        delivery.setAttempts(delivery.getAttempts() + 1);
        delivery.store();
        List<String> secrets = new ArrayList<>(2);
        secrets.add(subscription.getSecret());
        if (subscription.getPreviousSecret() != null && subscription.getPreviousSecretExpiresAt() != null
                && subscription.getPreviousSecretExpiresAt().isAfter(clock.instant())) {
            secrets.add(subscription.getPreviousSecret());
        }
        return new Prepared(delivery.getId(), subscription.getId(), delivery.getMessageId(), subscription.getUrl(),
                delivery.getBody(), List.copyOf(secrets), delivery.getAttempts());
    }

    private String record(Prepared prepared, WebhookSender.Response response, Instant startedAt, long latencyMs) {
        Instant now = clock.instant();
        Integer code = response.statusCode();
        String outcome;
        if (code != null && code >= 200 && code < 300) {
            outcome = "SUCCEEDED";
        } else if (code != null && code == 410) {
            outcome = "GONE";
        } else if (code != null && (code == 429 || code == 503)) {
            outcome = "THROTTLED";
        } else if (response.refused()) {
            outcome = "REFUSED";
        } else {
            outcome = "FAILED";
        }
        String error = response.error() != null ? response.error()
                : code != null && !outcome.equals("SUCCEEDED") ? "HTTP " + code : null;

        // Lock order: subscription, then delivery, everywhere two are locked, so that attempts of one endpoint
        // (and the disabling that updates all its deliveries) cannot deadlock.
        WebhookSubscriptionRecord subscription = dsl.selectFrom(WEBHOOK_SUBSCRIPTION)
                .where(WEBHOOK_SUBSCRIPTION.ID.eq(prepared.subscriptionId())).forNoKeyUpdate().fetchOne();
        WebhookDeliveryRecord delivery = dsl.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ID.eq(prepared.deliveryId())).forNoKeyUpdate().fetchOne();
        if (delivery == null || subscription == null) {
            return outcome; // deleted meanwhile
        }
        dsl.insertInto(WEBHOOK_ATTEMPT)
                .set(WEBHOOK_ATTEMPT.ID, UUID.randomUUID())
                .set(WEBHOOK_ATTEMPT.TENANT_ID, TenantContext.require().id())
                .set(WEBHOOK_ATTEMPT.DELIVERY_ID, prepared.deliveryId())
                .set(WEBHOOK_ATTEMPT.SUBSCRIPTION_ID, prepared.subscriptionId())
                .set(WEBHOOK_ATTEMPT.ATTEMPT_NUMBER, prepared.attemptNumber())
                .set(WEBHOOK_ATTEMPT.STARTED_AT, startedAt)
                .set(WEBHOOK_ATTEMPT.LATENCY_MS, latencyMs)
                .set(WEBHOOK_ATTEMPT.STATUS_CODE, code)
                .set(WEBHOOK_ATTEMPT.OUTCOME, outcome)
                .set(WEBHOOK_ATTEMPT.ERROR, error)
                .set(WEBHOOK_ATTEMPT.RESPONSE_SNIPPET, response.snippet())
                .execute();
        delivery.setClaimedUntil(null);
        delivery.setLastStatusCode(code);
        delivery.setLastError(error);
        switch (outcome) {
            case "SUCCEEDED" -> {
                finish(delivery, "SUCCEEDED", now);
                subscription.setConsecutiveFailures(0);
                subscription.setFailingSince(null);
                subscription.setLastSuccessAt(now);
            }
            case "GONE" -> {
                finish(delivery, "DEAD", now);
                countFailure(subscription, startedAt);
                disable(subscription, "GONE", now, "The endpoint " + subscription.getUrl()
                        + " answered 410 Gone, so Genkend disabled the subscription.");
            }
            default -> {
                Optional<Duration> wait = prepared.attemptNumber() >= schedule.maxAttempts() ? Optional.empty()
                        : outcome.equals("THROTTLED")
                        ? schedule.retryAfter(response.retryAfter(), now)
                                .or(() -> schedule.delayAfter(prepared.attemptNumber(), ThreadLocalRandom.current()))
                        : schedule.delayAfter(prepared.attemptNumber(), ThreadLocalRandom.current());
                if (wait.isPresent()) {
                    delivery.setNextAttemptAt(now.plus(wait.get()));
                } else {
                    finish(delivery, "DEAD", now);
                }
                countFailure(subscription, startedAt);
                if (subscription.getFailingSince() != null
                        && !subscription.getFailingSince().isAfter(now.minus(properties.disableAfter()))) {
                    disable(subscription, "FAILING", now, "The endpoint " + subscription.getUrl()
                            + " has failed every attempt since " + subscription.getFailingSince()
                            + ", so Genkend disabled the subscription.");
                }
            }
        }
        delivery.store();
        subscription.store();
        log.info("Webhook {} {} attempt {} to {}: {}{} in {} ms", delivery.getEventType(), delivery.getMessageId(),
                prepared.attemptNumber(), subscription.getUrl(), outcome, code == null ? "" : " " + code, latencyMs);
        return outcome;
    }

    private void finish(WebhookDeliveryRecord delivery, String status, Instant now) {
        delivery.setStatus(status);
        delivery.setCompletedAt(now);
        meters.counter("genkend.webhook.deliveries", "outcome", status.toLowerCase()).increment();
    }

    private static void countFailure(WebhookSubscriptionRecord subscription, Instant at) {
        subscription.setConsecutiveFailures(subscription.getConsecutiveFailures() + 1);
        subscription.setLastFailureAt(at);
        if (subscription.getFailingSince() == null) {
            subscription.setFailingSince(at);
        }
    }

    /**
     * Disables the subscription, gives up its other pending deliveries (they stay replayable), records a notice
     * for the tenant's admins and publishes {@link WebhookSubscriptionDisabled}.
     */
    private void disable(WebhookSubscriptionRecord subscription, String reason, Instant now, String message) {
        if (!subscription.getEnabled()) {
            return;
        }
        subscription.setEnabled(false);
        subscription.setDisabledReason(reason);
        subscription.setDisabledAt(now);
        subscription.setUpdatedAt(now);
        int given = dsl.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATUS, "DEAD")
                .set(WEBHOOK_DELIVERY.COMPLETED_AT, now)
                .set(WEBHOOK_DELIVERY.CLAIMED_UNTIL, (Instant) null)
                .set(WEBHOOK_DELIVERY.LAST_ERROR, "Endpoint disabled (" + reason + ")")
                .where(WEBHOOK_DELIVERY.SUBSCRIPTION_ID.eq(subscription.getId()))
                .and(WEBHOOK_DELIVERY.STATUS.eq("PENDING"))
                .execute();
        dsl.insertInto(WEBHOOK_NOTICE)
                .set(WEBHOOK_NOTICE.ID, UUID.randomUUID())
                .set(WEBHOOK_NOTICE.TENANT_ID, TenantContext.require().id())
                .set(WEBHOOK_NOTICE.SUBSCRIPTION_ID, subscription.getId())
                .set(WEBHOOK_NOTICE.KIND, "ENDPOINT_DISABLED")
                .set(WEBHOOK_NOTICE.REASON, reason)
                .set(WEBHOOK_NOTICE.MESSAGE, message + (given > 0 ? " " + given
                        + " waiting deliveries were given up; replay them after fixing the endpoint." : ""))
                .set(WEBHOOK_NOTICE.CREATED_AT, now)
                .execute();
        meters.counter("genkend.webhook.endpoints.disabled", "reason", reason.toLowerCase()).increment();
        events.publishEvent(new WebhookSubscriptionDisabled(TenantContext.require(), subscription.getId(),
                subscription.getUrl(), reason));
        log.warn("Disabled webhook subscription {} ({}): {}", subscription.getId(), reason, message);
    }

    /** A delivery ready to send: what the HTTP call needs, read in the committed first step. */
    private record Prepared(UUID deliveryId, UUID subscriptionId, UUID messageId, String url, String body,
                            List<String> secrets, int attemptNumber) {
    }
}
