package io.genkend.journey.internal;

import io.genkend.event.EventAccepted;
import io.genkend.journey.JourneyEventEmitted;
import io.genkend.outreach.OfferResponded;
import io.genkend.tenancy.TenantContext;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds committed events to the journeys. Spring Modulith keeps each publication in its registry until the
 * listener has completed, and republishes outstanding ones at start-up, so a crash between accepting an event and
 * correlating it loses nothing; {@link JourneyTriggers} makes a redelivery harmless.
 */
@Component
class JourneyTriggerListener {

    private final JourneyTriggers triggers;

    JourneyTriggerListener(JourneyTriggers triggers) {
        this.triggers = triggers;
    }

    @ApplicationModuleListener
    void on(EventAccepted event) {
        TenantContext.runAs(event.tenant(), () -> triggers.onEvent(event.tenant(), event.eventId(),
                event.customerId(), event.name(), event.properties(), event.occurredAt()));
    }

    @ApplicationModuleListener
    void on(JourneyEventEmitted event) {
        TenantContext.runAs(event.tenant(), () -> triggers.onEvent(event.tenant(), event.eventId(),
                event.customerId(), event.name(), event.properties(), Instant.now()));
    }

    /** An answer to an offer moves the customer's instances waiting at {@code response:<offer code>}. */
    @ApplicationModuleListener
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
        TenantContext.runAs(response.tenant(), () -> triggers.correlateWaiting(response.tenant().camundaTenantId(),
                response.customerId().toString(), "response:" + response.offerCode(), variables));
    }
}
