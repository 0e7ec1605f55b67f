package io.genkend.journey.internal;

import io.genkend.journey.JourneyStepReached;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.WebhookEventTypes;
import io.genkend.webhook.WebhookOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Tells the tenant's systems which step a customer's journey reached: a {@code journey.step-reached} webhook with
 * {@code customerId}, queued in the outbox in the engine's own transaction (so a step that is rolled back queues
 * nothing, and a step that commits has its delivery committed with it; delivery happens after the commit). It is a
 * plain synchronous listener, not an {@code @ApplicationModuleListener}: an instance reaches several steps per
 * event, and a publication, its completion and a transaction of its own for each one cost more than the one
 * subscription look-up done here (docs/performance.md). Test runs (business key {@code test-run:<uuid>}) and
 * instances without a customer send nothing.
 * <p>
 * It lives in the journey module, not the webhook module, because journeys already depend on the webhook module
 * (fulfilment and hand-over steps); a webhook-module listener on a journey event would make a dependency cycle,
 * which Spring Modulith refuses.
 */
@Component
class StepWebhooks {

    private final ObjectProvider<WebhookOutbox> outbox;

    StepWebhooks(ObjectProvider<WebhookOutbox> outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void on(JourneyStepReached reached) {
        WebhookOutbox webhooks = outbox.getIfAvailable();
        if (webhooks == null || !isCustomer(reached.customerId())) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerId", reached.customerId());
        data.put("journey", reached.journeyKey());
        data.put("processInstanceId", reached.processInstanceId());
        data.put("step", reached.activityId());
        data.put("stepName", reached.activityName());
        data.put("stepType", reached.activityType());
        data.put("reachedAt", reached.at().toString());
        TenantContext.runAs(reached.tenant(), () -> webhooks.enqueue(WebhookEventTypes.JOURNEY_STEP_REACHED, data));
    }

    private static boolean isCustomer(String businessKey) {
        if (businessKey == null) {
            return false;
        }
        try {
            UUID.fromString(businessKey);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
