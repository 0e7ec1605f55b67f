package io.genkend.webhook.internal;

import io.genkend.schema.tables.records.WebhookAttemptRecord;
import io.genkend.schema.tables.records.WebhookDeliveryRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.WEBHOOK_ATTEMPT;
import static io.genkend.schema.Tables.WEBHOOK_DELIVERY;
import static io.genkend.schema.Tables.WEBHOOK_NOTICE;
import static io.genkend.schema.Tables.WEBHOOK_SUBSCRIPTION;

/**
 * The current tenant's delivery log: deliveries with their attempts (status codes, latency, a snippet of each
 * answer), replay by hand, and the notices about disabled endpoints.
 */
@Service
public class WebhookDeliveries {

    private final DSLContext dsl;
    private final Clock clock;

    WebhookDeliveries(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * @param subscriptionId a subscription, or {@code null} for all
     * @param status         {@code PENDING}, {@code SUCCEEDED}, {@code DEAD}, or {@code null} for all
     * @param limit          at most this many, 1 to 500
     * @param before         only deliveries created before this time (paging), or {@code null}
     * @return deliveries, newest first, without attempts
     */
    @Transactional(readOnly = true)
    public List<DeliveryView> list(UUID subscriptionId, String status, int limit, Instant before) {
        Condition condition = DSL.noCondition();
        if (subscriptionId != null) {
            condition = condition.and(WEBHOOK_DELIVERY.SUBSCRIPTION_ID.eq(subscriptionId));
        }
        if (status != null) {
            condition = condition.and(WEBHOOK_DELIVERY.STATUS.eq(status));
        }
        if (before != null) {
            condition = condition.and(WEBHOOK_DELIVERY.CREATED_AT.lt(before));
        }
        return dsl.selectFrom(WEBHOOK_DELIVERY).where(condition)
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT.desc(), WEBHOOK_DELIVERY.ID)
                .limit(Math.max(1, Math.min(limit, 500)))
                .fetch(r -> DeliveryView.of(r, null));
    }

    /** @return the delivery of that subscription with every attempt, oldest first, if it is the tenant's */
    @Transactional(readOnly = true)
    public Optional<DeliveryView> find(UUID subscriptionId, UUID deliveryId) {
        return dsl.selectFrom(WEBHOOK_DELIVERY).where(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .and(WEBHOOK_DELIVERY.SUBSCRIPTION_ID.eq(subscriptionId)).fetchOptional()
                .map(r -> DeliveryView.of(r, dsl.selectFrom(WEBHOOK_ATTEMPT)
                        .where(WEBHOOK_ATTEMPT.DELIVERY_ID.eq(deliveryId))
                        .orderBy(WEBHOOK_ATTEMPT.ATTEMPT_NUMBER, WEBHOOK_ATTEMPT.STARTED_AT)
                        .fetch(AttemptView::of)));
    }

    /**
     * Sends a delivery again, by hand: a dead one (or a succeeded one, to resend it) is due again now with a
     * fresh retry schedule and the same {@code webhook-id}. Its earlier attempts stay in the log.
     *
     * @return the delivery, or empty when not found
     * @throws ReplayRefused when it is still pending or the subscription is disabled
     */
    @Transactional
    public Optional<DeliveryView> replay(UUID subscriptionId, UUID deliveryId) {
        Optional<WebhookDeliveryRecord> found = dsl.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ID.eq(deliveryId)).and(WEBHOOK_DELIVERY.SUBSCRIPTION_ID.eq(subscriptionId))
                .forUpdate().fetchOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebhookDeliveryRecord delivery = found.get();
        if ("PENDING".equals(delivery.getStatus())) {
            throw new ReplayRefused("replayPending", String.valueOf(delivery.getNextAttemptAt()),
                    "The delivery is still pending; it is tried at " + delivery.getNextAttemptAt() + ".");
        }
        Boolean enabled = dsl.select(WEBHOOK_SUBSCRIPTION.ENABLED).from(WEBHOOK_SUBSCRIPTION)
                .where(WEBHOOK_SUBSCRIPTION.ID.eq(subscriptionId)).fetchOne(WEBHOOK_SUBSCRIPTION.ENABLED);
        if (!Boolean.TRUE.equals(enabled)) {
            throw new ReplayRefused("replayDisabled", null, "The subscription is disabled; enable it first.");
        }
        delivery.setStatus("PENDING");
        delivery.setAttempts(0);
        delivery.setNextAttemptAt(clock.instant());
        delivery.setClaimedUntil(null);
        delivery.setCompletedAt(null);
        delivery.store();
        return Optional.of(DeliveryView.of(delivery, null));
    }

    /** @return notices for the tenant's admins, newest first */
    @Transactional(readOnly = true)
    public List<NoticeView> notices() {
        return dsl.selectFrom(WEBHOOK_NOTICE).orderBy(WEBHOOK_NOTICE.CREATED_AT.desc()).limit(200)
                .fetch(r -> new NoticeView(r.getId(), r.getSubscriptionId(), r.getKind(), r.getReason(),
                        r.getMessage(), r.getCreatedAt(), r.getAcknowledgedAt()));
    }

    /** @return whether the notice existed; it is marked as read */
    @Transactional
    public boolean acknowledge(UUID noticeId) {
        return dsl.update(WEBHOOK_NOTICE).set(WEBHOOK_NOTICE.ACKNOWLEDGED_AT, clock.instant())
                .where(WEBHOOK_NOTICE.ID.eq(noticeId)).and(WEBHOOK_NOTICE.ACKNOWLEDGED_AT.isNull()).execute() == 1
                || dsl.fetchExists(WEBHOOK_NOTICE, WEBHOOK_NOTICE.ID.eq(noticeId));
    }

    /** Thrown when a delivery cannot be replayed now; answered 409. */
    public static final class ReplayRefused extends RuntimeException {
        private final String code;
        private final String argument;

        ReplayRefused(String code, String argument, String message) {
            super(message);
            this.code = code;
            this.argument = argument;
        }

        /** @return the reason's short name, the suffix of the page's message key {@code webhooks.invalid.<code>} */
        public String code() {
            return code;
        }

        /** @return the time the message names, or null */
        public String argument() {
            return argument;
        }
    }

    /**
     * A delivery: one message to one subscription.
     *
     * @param id             delivery id
     * @param subscriptionId its subscription
     * @param messageId      the {@code webhook-id} of every attempt
     * @param eventType      event type
     * @param status         {@code PENDING}, {@code SUCCEEDED} or {@code DEAD}
     * @param attempts       attempts made in the current round (a replay starts a new one)
     * @param nextAttemptAt  when it is due (pending deliveries)
     * @param lastStatusCode HTTP status of the last attempt, or {@code null}
     * @param lastError      why the last attempt failed, or {@code null}
     * @param createdAt      when it was queued
     * @param completedAt    when it succeeded or died
     * @param body           the JSON body sent
     * @param attemptLog     every attempt, oldest first (only when one delivery is asked for)
     */
    public record DeliveryView(UUID id, UUID subscriptionId, UUID messageId, String eventType, String status,
                               int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
                               Instant createdAt, Instant completedAt, String body, List<AttemptView> attemptLog) {
        static DeliveryView of(WebhookDeliveryRecord r, List<AttemptView> attempts) {
            return new DeliveryView(r.getId(), r.getSubscriptionId(), r.getMessageId(), r.getEventType(),
                    r.getStatus(), r.getAttempts(), "PENDING".equals(r.getStatus()) ? r.getNextAttemptAt() : null,
                    r.getLastStatusCode(), r.getLastError(), r.getCreatedAt(), r.getCompletedAt(), r.getBody(),
                    attempts);
        }
    }

    /**
     * One attempt.
     *
     * @param number          1 for the first attempt of a round
     * @param startedAt       when the request went out
     * @param latencyMs       time to the answer (or the failure), milliseconds
     * @param statusCode      HTTP status, or {@code null} without an answer
     * @param outcome         {@code SUCCEEDED}, {@code FAILED}, {@code THROTTLED} (429/503), {@code GONE} (410) or
     *                        {@code REFUSED} (SSRF guard)
     * @param error           why it failed, or {@code null}
     * @param responseSnippet start of the answer body
     */
    public record AttemptView(int number, Instant startedAt, long latencyMs, Integer statusCode, String outcome,
                              String error, String responseSnippet) {
        static AttemptView of(WebhookAttemptRecord r) {
            return new AttemptView(r.getAttemptNumber(), r.getStartedAt(), r.getLatencyMs(), r.getStatusCode(),
                    r.getOutcome(), r.getError(), r.getResponseSnippet());
        }
    }

    /**
     * A notice to the tenant's admins.
     *
     * @param id             notice id
     * @param subscriptionId the subscription concerned, or {@code null} when deleted since
     * @param kind           {@code ENDPOINT_DISABLED}
     * @param reason         {@code GONE} or {@code FAILING}
     * @param message        a sentence for people
     * @param createdAt      when it was recorded
     * @param acknowledgedAt when an admin marked it read
     */
    public record NoticeView(UUID id, UUID subscriptionId, String kind, String reason, String message,
                             Instant createdAt, Instant acknowledgedAt) {
    }
}
