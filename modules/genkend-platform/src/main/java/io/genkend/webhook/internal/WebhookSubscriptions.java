package io.genkend.webhook.internal;

import io.genkend.schema.tables.records.WebhookSubscriptionRecord;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.WebhookEventTypes;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.WEBHOOK_ATTEMPT;
import static io.genkend.schema.Tables.WEBHOOK_DELIVERY;
import static io.genkend.schema.Tables.WEBHOOK_SUBSCRIPTION;

/**
 * The current tenant's webhook subscriptions: create (with a new secret, shown once), change, rotate the secret,
 * delete, and the endpoint's health. Row-level security keeps each tenant to its own rows; another tenant's
 * subscription is simply not found.
 */
@Service
public class WebhookSubscriptions {

    private final DSLContext dsl;
    private final EndpointAddressPolicy addresses;
    private final Clock clock;
    private final WebhookProperties properties;
    private final SubscribedTypes subscribed;

    WebhookSubscriptions(DSLContext dsl, EndpointAddressPolicy addresses, Clock clock, WebhookProperties properties,
                         SubscribedTypes subscribed) {
        this.subscribed = subscribed;
        this.dsl = dsl;
        this.addresses = addresses;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Creates a subscription of the current tenant.
     *
     * @return the subscription and its secret, which is never shown again
     * @throws InvalidSubscription when a field is wrong (the URL refused by the SSRF guard included)
     */
    @Transactional
    public Created create(String url, List<String> eventTypes, String description, Boolean enabled) {
        List<FieldError> errors = new ArrayList<>();
        checkUrl(url, errors);
        List<String> types = checkEventTypes(eventTypes, errors);
        checkDescription(description, errors);
        if (!errors.isEmpty()) {
            throw new InvalidSubscription(errors);
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSignature.newSecret();
        Instant now = clock.instant();
        boolean on = enabled == null || enabled;
        dsl.insertInto(WEBHOOK_SUBSCRIPTION)
                .set(WEBHOOK_SUBSCRIPTION.ID, id)
                .set(WEBHOOK_SUBSCRIPTION.TENANT_ID, TenantContext.require().id())
                .set(WEBHOOK_SUBSCRIPTION.URL, url)
                .set(WEBHOOK_SUBSCRIPTION.DESCRIPTION, description)
                .set(WEBHOOK_SUBSCRIPTION.EVENT_TYPES, types.toArray(String[]::new))
                .set(WEBHOOK_SUBSCRIPTION.SECRET, secret)
                .set(WEBHOOK_SUBSCRIPTION.ENABLED, on)
                .set(WEBHOOK_SUBSCRIPTION.DISABLED_REASON, on ? null : "MANUAL")
                .set(WEBHOOK_SUBSCRIPTION.DISABLED_AT, on ? null : now)
                .set(WEBHOOK_SUBSCRIPTION.CREATED_AT, now)
                .set(WEBHOOK_SUBSCRIPTION.UPDATED_AT, now)
                .execute();
        subscribed.changed(TenantContext.require().id());
        return new Created(find(id).orElseThrow(), secret);
    }

    /** @return the current tenant's subscriptions, newest first */
    @Transactional(readOnly = true)
    public List<SubscriptionView> list() {
        return dsl.selectFrom(WEBHOOK_SUBSCRIPTION).orderBy(WEBHOOK_SUBSCRIPTION.CREATED_AT.desc())
                .fetch(SubscriptionView::of);
    }

    /** @return the subscription, if it is the current tenant's */
    @Transactional(readOnly = true)
    public Optional<SubscriptionView> find(UUID id) {
        return record(id).map(SubscriptionView::of);
    }

    /**
     * Changes a subscription; {@code null} leaves a field as it is. Enabling a disabled subscription clears its
     * failure streak; its dead deliveries stay dead until replayed.
     *
     * @return the changed subscription, or empty when not found
     * @throws InvalidSubscription when a field is wrong
     */
    @Transactional
    public Optional<SubscriptionView> update(UUID id, String url, List<String> eventTypes, String description,
                                             Boolean enabled) {
        Optional<WebhookSubscriptionRecord> found = record(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<FieldError> errors = new ArrayList<>();
        if (url != null) {
            checkUrl(url, errors);
        }
        List<String> types = eventTypes == null ? null : checkEventTypes(eventTypes, errors);
        checkDescription(description, errors);
        if (!errors.isEmpty()) {
            throw new InvalidSubscription(errors);
        }
        WebhookSubscriptionRecord record = found.get();
        Instant now = clock.instant();
        if (url != null) {
            record.setUrl(url);
        }
        if (types != null) {
            record.setEventTypes(types.toArray(String[]::new));
            subscribed.changed(TenantContext.require().id());
        }
        if (description != null) {
            record.setDescription(description);
        }
        if (enabled != null && enabled != record.getEnabled()) {
            record.setEnabled(enabled);
            record.setDisabledReason(enabled ? null : "MANUAL");
            record.setDisabledAt(enabled ? null : now);
            if (enabled) {
                record.setFailingSince(null);
                record.setConsecutiveFailures(0);
            }
        }
        record.setUpdatedAt(now);
        record.store();
        return Optional.of(SubscriptionView.of(record));
    }

    /**
     * Gives a subscription a new secret. The previous one keeps signing beside it (two signatures in
     * {@code webhook-signature}) until {@code overlap} has passed, so that receivers can switch without losing
     * a message.
     *
     * @param overlap how long the previous secret stays in force, or {@code null} for the default (24 h);
     *                zero ends it at once
     * @return the new secret (shown once) and until when the previous one signs, or empty when not found
     */
    @Transactional
    public Optional<RotatedSecret> rotateSecret(UUID id, Duration overlap) {
        Duration keep = overlap == null ? properties.rotationOverlap() : overlap;
        return record(id).map(record -> {
            Instant now = clock.instant();
            String secret = WebhookSignature.newSecret();
            Instant until = keep.isZero() || keep.isNegative() ? null : now.plus(keep);
            record.setPreviousSecret(until == null ? null : record.getSecret());
            record.setPreviousSecretExpiresAt(until);
            record.setSecret(secret);
            record.setUpdatedAt(now);
            record.store();
            return new RotatedSecret(id, secret, until);
        });
    }

    /** @return whether the subscription existed; its deliveries and log go with it */
    @Transactional
    public boolean delete(UUID id) {
        return dsl.deleteFrom(WEBHOOK_SUBSCRIPTION).where(WEBHOOK_SUBSCRIPTION.ID.eq(id)).execute() == 1;
    }

    /**
     * The endpoint's health: its failure streak, deliveries by status, and the attempts of the last 24 hours.
     *
     * @return the health, or empty when not found
     */
    @Transactional(readOnly = true)
    public Optional<EndpointHealth> health(UUID id) {
        return record(id).map(record -> {
            Map<String, Integer> byStatus = dsl.select(WEBHOOK_DELIVERY.STATUS, DSL.count())
                    .from(WEBHOOK_DELIVERY).where(WEBHOOK_DELIVERY.SUBSCRIPTION_ID.eq(id))
                    .groupBy(WEBHOOK_DELIVERY.STATUS).fetchMap(r -> r.value1(), r -> r.value2());
            Instant since = clock.instant().minus(Duration.ofHours(24));
            var recent = dsl.select(DSL.count(),
                            DSL.count().filterWhere(WEBHOOK_ATTEMPT.OUTCOME.eq("SUCCEEDED")),
                            DSL.avg(WEBHOOK_ATTEMPT.LATENCY_MS))
                    .from(WEBHOOK_ATTEMPT)
                    .where(WEBHOOK_ATTEMPT.SUBSCRIPTION_ID.eq(id)).and(WEBHOOK_ATTEMPT.STARTED_AT.ge(since))
                    .fetchOne();
            int attempts = recent.value1();
            int succeeded = recent.value2();
            String state = !record.getEnabled() ? "DISABLED"
                    : record.getConsecutiveFailures() == 0 ? "HEALTHY" : "FAILING";
            return new EndpointHealth(id, state, record.getConsecutiveFailures(), record.getFailingSince(),
                    record.getLastSuccessAt(), record.getLastFailureAt(),
                    byStatus.getOrDefault("PENDING", 0), byStatus.getOrDefault("SUCCEEDED", 0),
                    byStatus.getOrDefault("DEAD", 0), attempts, succeeded,
                    attempts == 0 ? null : (double) succeeded / attempts,
                    recent.value3() == null ? null : recent.value3().longValue());
        });
    }

    private Optional<WebhookSubscriptionRecord> record(UUID id) {
        return dsl.selectFrom(WEBHOOK_SUBSCRIPTION).where(WEBHOOK_SUBSCRIPTION.ID.eq(id)).fetchOptional();
    }

    private void checkUrl(String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(error("url", "is required", "required"));
            return;
        }
        if (url.length() > 2048) {
            errors.add(error("url", "is longer than 2048 characters", "tooLong", "2048"));
            return;
        }
        try {
            addresses.check(url);
        } catch (EndpointAddressPolicy.RefusedEndpoint refused) {
            errors.add(refused.argument() == null ? error("url", refused.getMessage(), refused.code())
                    : error("url", refused.getMessage(), refused.code(), refused.argument()));
        }
    }

    private static List<String> checkEventTypes(List<String> eventTypes, List<FieldError> errors) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            errors.add(error("eventTypes", "lists at least one event type, or \"*\"", "noEventTypes"));
            return List.of();
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (int i = 0; i < eventTypes.size(); i++) {
            String type = eventTypes.get(i);
            if (type == null || !(WebhookEventTypes.ALL.equals(type) || WebhookEventTypes.PATTERN.matcher(type)
                    .matches()) || type.length() > 100) {
                errors.add(error("eventTypes[" + i + "]", "is not an event type such as task.created, or \"*\"",
                        "eventType"));
            } else {
                types.add(type);
            }
        }
        return List.copyOf(types);
    }

    private static void checkDescription(String description, List<FieldError> errors) {
        if (description != null && description.length() > 500) {
            errors.add(error("description", "is longer than 500 characters", "tooLong", "500"));
        }
    }

    /** One field error; {@code code} and {@code args} are for the page's message key, not the API's answer. */
    private static FieldError error(String field, String message, String code, String... args) {
        return new FieldError(field, message, code, List.of(args));
    }

    /**
     * A refused field.
     *
     * @param field   the field's name as in the API ({@code url}, {@code eventTypes}, {@code eventTypes[2]}, ...)
     * @param message English text completing "the field ...", as the API answers it
     * @param code    suffix of the page's message key {@code webhooks.invalid.<code>}
     * @param args    the arguments of that message
     * (Serializable: it travels as a flash attribute in the Redis-backed session.)
     */
    public record FieldError(String field, String message, String code, List<String> args)
            implements java.io.Serializable {

        /** @return the field's name without an index: {@code eventTypes[2]} is {@code eventTypes} */
        public String baseField() {
            int bracket = field.indexOf('[');
            return bracket < 0 ? field : field.substring(0, bracket);
        }
    }

    /** Thrown when a subscription's fields are wrong; answered as a validation problem listing them. */
    public static final class InvalidSubscription extends RuntimeException {
        private final List<FieldError> fieldErrors;

        InvalidSubscription(List<FieldError> fieldErrors) {
            super("Invalid webhook subscription: " + fieldErrors);
            this.fieldErrors = List.copyOf(fieldErrors);
        }

        /** @return one entry per field: {@code field} and {@code message} (the API's answer) */
        public List<Map<String, String>> errors() {
            return fieldErrors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList();
        }

        /** @return the same errors with their message keys, for the page */
        public List<FieldError> fieldErrors() {
            return fieldErrors;
        }
    }

    /**
     * A subscription as the API shows it, without its secret.
     *
     * @param id                        subscription id
     * @param url                       endpoint
     * @param description               a label for people, or {@code null}
     * @param eventTypes                event types delivered ({@code *} for all)
     * @param enabled                   whether deliveries are made
     * @param disabledReason            {@code MANUAL}, {@code GONE} (410) or {@code FAILING} (days of failures)
     * @param disabledAt                when it was disabled
     * @param previousSecretExpiresAt   during a rotation: until when the previous secret signs too
     * @param createdAt                 creation time
     * @param updatedAt                 last change
     */
    public record SubscriptionView(UUID id, String url, String description, List<String> eventTypes,
                                   boolean enabled, String disabledReason, Instant disabledAt,
                                   Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {
        static SubscriptionView of(WebhookSubscriptionRecord r) {
            return new SubscriptionView(r.getId(), r.getUrl(), r.getDescription(), List.of(r.getEventTypes()),
                    r.getEnabled(), r.getDisabledReason(), r.getDisabledAt(), r.getPreviousSecretExpiresAt(),
                    r.getCreatedAt(), r.getUpdatedAt());
        }
    }

    /**
     * A new subscription with its secret.
     *
     * @param subscription the subscription
     * @param secret       {@code whsec_...}: shown this once
     */
    public record Created(SubscriptionView subscription, String secret) {
    }

    /**
     * The result of a secret rotation.
     *
     * @param id                      subscription id
     * @param secret                  the new secret, shown this once
     * @param previousSecretExpiresAt until when the previous secret signs beside it, or {@code null}
     */
    public record RotatedSecret(UUID id, String secret, Instant previousSecretExpiresAt) {
    }

    /**
     * The health of an endpoint.
     *
     * @param subscriptionId      subscription id
     * @param state               {@code HEALTHY}, {@code FAILING} (last attempt failed) or {@code DISABLED}
     * @param consecutiveFailures failed attempts since the last success
     * @param failingSince        first failure of the current streak, or {@code null}
     * @param lastSuccessAt       last 2xx answer
     * @param lastFailureAt       last failed attempt
     * @param pending             deliveries waiting for an attempt
     * @param succeeded           deliveries answered 2xx
     * @param dead                deliveries given up (replayable)
     * @param attempts24h         attempts in the last 24 hours
     * @param succeeded24h        of which answered 2xx
     * @param successRate24h      their ratio, 0 to 1, or {@code null} without attempts
     * @param averageLatencyMs24h mean answer time in milliseconds, or {@code null}
     */
    public record EndpointHealth(UUID subscriptionId, String state, int consecutiveFailures, Instant failingSince,
                                 Instant lastSuccessAt, Instant lastFailureAt, int pending, int succeeded, int dead,
                                 int attempts24h, int succeeded24h, Double successRate24h,
                                 Long averageLatencyMs24h) {
    }
}
