package io.genkend.journey.internal;

import io.genkend.event.EventAccepted;
import io.genkend.journey.JourneyEventEmitted;
import io.genkend.outreach.OfferResponded;
import io.genkend.tenancy.TenantContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds committed events to the journeys. Spring Modulith keeps each publication in its registry until the
 * listener has completed, and republishes outstanding ones at start-up, so a crash between accepting an event and
 * correlating it loses nothing; {@link JourneyTriggers} makes a redelivery harmless.
 *
 * <p>The listeners are asynchronous transactional event listeners like {@code @ApplicationModuleListener}, but
 * without a surrounding transaction: each attempt is its own transaction (the {@link JourneyTriggers} method's), so
 * that a concurrent change of the same instance (Camunda's optimistic locking, seen when a basket ends a
 * customer's running journey while a job of it runs) is retried at once by {@link ConcurrencyRetry}
 * ({@code genkend.journey.trigger-attempts}, {@code trigger-backoff}) instead of waiting for the next start.
 *
 * <p>The deliveries of one batch's events run on several threads in any order; {@link JourneyTriggers#onEvent}
 * restores the customer's accepting order (docs/journeys.md, "Order per customer").
 */
@Component
class JourneyTriggerListener {

    private final JourneyTriggers triggers;
    private final ConcurrencyRetry retry;

    JourneyTriggerListener(JourneyTriggers triggers, JourneyProperties properties) {
        this.triggers = triggers;
        this.retry = new ConcurrencyRetry(properties.triggerAttempts(), properties.triggerBackoff(),
                d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Feeds an accepted event to the journeys. The condition is evaluated when the event is published, in the
     * storing transaction: for an event without a customer, or whose name no journey of the tenant can react to
     * ({@link TriggerRegistry#listensTo}), Spring Modulith records no publication at all (it honours listener
     * conditions, spring-modulith#277), so such an event costs the journey module nothing: no publication row, no
     * completion, no transaction.
     */
    @Async
    @TransactionalEventListener(condition = "#event.customerId() != null"
            + " && @triggerRegistry.listensTo(#event.tenant().camundaTenantId(), #event.name())")
    void on(EventAccepted event) {
        retry.run("Event " + event.eventId(), () -> TenantContext.runAs(event.tenant(),
                () -> triggers.onEvent(event.tenant(), event.eventId(), event.customerId(), event.name(),
                        event.properties(), event.occurredAt())));
    }

    @Async
    @TransactionalEventListener
    void on(JourneyEventEmitted event) {
        retry.run("Journey event " + event.eventId(), () -> TenantContext.runAs(event.tenant(),
                () -> triggers.onEvent(event.tenant(), event.eventId(), event.customerId(), event.name(),
                        event.properties(), Instant.now())));
    }

    /** An answer to an offer moves the customer's instances waiting at {@code response:<offer code>}. */
    @Async
    @TransactionalEventListener
    void on(OfferResponded response) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("response", response.response());
        variables.put("respondedOffer", response.offerCode());
        if (response.outreachId() != null) {
            variables.put("respondedOutreachId", response.outreachId().toString());
        }
        if (response.at() != null) {
            variables.put("respondedAt", Date.from(response.at()));
        }
        retry.run("Response to " + response.offerCode(), () -> TenantContext.runAs(response.tenant(),
                () -> triggers.correlateWaiting(response.tenant().camundaTenantId(),
                        response.customerId().toString(), "response:" + response.offerCode(), variables)));
    }

    /** An instance reached a wait for a message that arrived early: deliver it now. */
    @Async
    @TransactionalEventListener
    void on(BufferedMessageDue due) {
        retry.run("Buffered " + due.messageName(), () -> TenantContext.runAs(due.tenant(),
                () -> triggers.deliverBuffered(due.tenant(), due.customerId(), due.messageName())));
    }
}
