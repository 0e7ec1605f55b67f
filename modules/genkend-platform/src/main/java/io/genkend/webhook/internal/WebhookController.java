package io.genkend.webhook.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.webhook.WebhookEventTypes;
import io.genkend.webhook.internal.WebhookDeliveries.DeliveryView;
import io.genkend.webhook.internal.WebhookDeliveries.NoticeView;
import io.genkend.webhook.internal.WebhookSubscriptions.Created;
import io.genkend.webhook.internal.WebhookSubscriptions.EndpointHealth;
import io.genkend.webhook.internal.WebhookSubscriptions.RotatedSecret;
import io.genkend.webhook.internal.WebhookSubscriptions.SubscriptionView;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/webhooks}: the calling tenant's webhook subscriptions, their delivery log and health, replay of
 * dead deliveries, and notices about disabled endpoints. Another tenant's subscription is answered 404.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {

    private static final Set<String> STATUSES = Set.of("PENDING", "SUCCEEDED", "DEAD");

    private final WebhookSubscriptions subscriptions;
    private final WebhookDeliveries deliveries;

    WebhookController(WebhookSubscriptions subscriptions, WebhookDeliveries deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    /** @return the event types Genkend publishes */
    @GetMapping("/event-types")
    List<String> eventTypes() {
        return WebhookEventTypes.KNOWN;
    }

    @GetMapping("/subscriptions")
    List<SubscriptionView> list() {
        return subscriptions.list();
    }

    /** Creates a subscription; the answer carries its secret, shown this once. */
    @PostMapping("/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    Created create(@RequestBody SubscriptionRequest request) {
        return subscriptions.create(request.url(), request.eventTypes(), request.description(), request.enabled());
    }

    @GetMapping("/subscriptions/{id}")
    SubscriptionView get(@PathVariable UUID id) {
        return subscriptions.find(id).orElseThrow(() -> notFound("webhook subscription", id));
    }

    /** Changes the fields given; absent ones stay as they are (PUT and PATCH alike). */
    @RequestMapping(path = "/subscriptions/{id}", method = {org.springframework.web.bind.annotation.RequestMethod.PUT,
            org.springframework.web.bind.annotation.RequestMethod.PATCH})
    SubscriptionView update(@PathVariable UUID id, @RequestBody SubscriptionRequest request) {
        return subscriptions.update(id, request.url(), request.eventTypes(), request.description(),
                request.enabled()).orElseThrow(() -> notFound("webhook subscription", id));
    }

    @DeleteMapping("/subscriptions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        if (!subscriptions.delete(id)) {
            throw notFound("webhook subscription", id);
        }
    }

    /** Rotates the secret; the previous one keeps signing for {@code overlapSeconds} (default 24 h). */
    @PostMapping("/subscriptions/{id}/rotate-secret")
    RotatedSecret rotate(@PathVariable UUID id, @RequestBody(required = false) RotationRequest request) {
        Long seconds = request == null ? null : request.overlapSeconds();
        if (seconds != null && (seconds < 0 || seconds > Duration.ofDays(30).toSeconds())) {
            throw ProblemTypes.validation("The request has invalid fields.",
                    List.of(Map.of("field", "overlapSeconds", "message", "is between 0 and 30 days")));
        }
        return subscriptions.rotateSecret(id, seconds == null ? null : Duration.ofSeconds(seconds))
                .orElseThrow(() -> notFound("webhook subscription", id));
    }

    @GetMapping("/subscriptions/{id}/health")
    EndpointHealth health(@PathVariable UUID id) {
        return subscriptions.health(id).orElseThrow(() -> notFound("webhook subscription", id));
    }

    /** The delivery log of one subscription, newest first. */
    @GetMapping("/subscriptions/{id}/deliveries")
    List<DeliveryView> deliveries(@PathVariable UUID id, @RequestParam(required = false) String status,
                                  @RequestParam(defaultValue = "50") int limit,
                                  @RequestParam(required = false) Instant before) {
        if (subscriptions.find(id).isEmpty()) {
            throw notFound("webhook subscription", id);
        }
        return deliveries.list(id, status(status), limit, before);
    }

    @GetMapping("/subscriptions/{id}/deliveries/{deliveryId}")
    DeliveryView delivery(@PathVariable UUID id, @PathVariable UUID deliveryId) {
        return deliveries.find(id, deliveryId).orElseThrow(() -> notFound("delivery", deliveryId));
    }

    /** Sends a dead (or succeeded) delivery again, with the same webhook-id and a fresh retry schedule. */
    @PostMapping("/subscriptions/{id}/deliveries/{deliveryId}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryView replay(@PathVariable UUID id, @PathVariable UUID deliveryId) {
        return deliveries.replay(id, deliveryId).orElseThrow(() -> notFound("delivery", deliveryId));
    }

    /** Deliveries of all subscriptions, newest first; {@code ?status=DEAD} lists what needs a replay. */
    @GetMapping("/deliveries")
    List<DeliveryView> allDeliveries(@RequestParam(required = false) String status,
                                     @RequestParam(defaultValue = "50") int limit,
                                     @RequestParam(required = false) Instant before) {
        return deliveries.list(null, status(status), limit, before);
    }

    @GetMapping("/notices")
    List<NoticeView> notices() {
        return deliveries.notices();
    }

    @PostMapping("/notices/{id}/acknowledge")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void acknowledge(@PathVariable UUID id) {
        if (!deliveries.acknowledge(id)) {
            throw notFound("notice", id);
        }
    }

    @ExceptionHandler(WebhookSubscriptions.InvalidSubscription.class)
    ErrorResponseException invalid(WebhookSubscriptions.InvalidSubscription e) {
        return ProblemTypes.validation("The webhook subscription has invalid fields.", e.errors());
    }

    @ExceptionHandler(WebhookDeliveries.ReplayRefused.class)
    ErrorResponseException replayRefused(WebhookDeliveries.ReplayRefused e) {
        return ProblemTypes.problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
    }

    private static String status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String upper = status.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(upper)) {
            throw ProblemTypes.validation("The request has invalid fields.",
                    List.of(Map.of("field", "status", "message", "is one of PENDING, SUCCEEDED, DEAD")));
        }
        return upper;
    }

    private static ErrorResponseException notFound(String what, UUID id) {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No " + what + " " + id + ".");
    }

    /**
     * A subscription to create or change.
     *
     * @param url         the endpoint: http(s), resolving to public addresses only
     * @param eventTypes  event types to deliver, such as {@code task.created}, or {@code *}
     * @param description a label for people, up to 500 characters
     * @param enabled     whether deliveries are made (default true)
     */
    record SubscriptionRequest(String url, List<String> eventTypes, String description, Boolean enabled) {
    }

    /** @param overlapSeconds how long the previous secret keeps signing, 0 to 30 days (default 24 h) */
    record RotationRequest(Long overlapSeconds) {
    }
}
