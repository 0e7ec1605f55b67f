package io.genkend.journey.internal.steps;

import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.tenancy.TenantDirectory;
import io.genkend.webhook.WebhookOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;

/**
 * Step "Hand over by webhook" ({@code ${handOverByWebhook}}): hands the customer to the tenant's CRM or another
 * system by a signed webhook. Inputs: {@code eventType} (default {@code lead.handed-over}), {@code reason},
 * {@code payloadVariables} (comma-separated variables to send). Sets {@code handOverWebhookId}.
 */
@Component("handOverByWebhook")
class HandOverByWebhookStep extends JourneyStep {

    private final ObjectProvider<WebhookOutbox> outbox;

    HandOverByWebhookStep(TenantDirectory tenants, ObjectProvider<WebhookOutbox> outbox) {
        super(tenants);
        this.outbox = outbox;
    }

    @Override
    protected void run(StepExecution step) {
        if (step.dryRun()) {
            step.set("handOverWebhookId", null);
            return;
        }
        WebhookOutbox webhooks = outbox.getIfAvailable();
        if (webhooks == null) {
            throw new StepFailedException("Step 'handOverByWebhook' needs io.genkend.webhook.WebhookOutbox, which no "
                    + "module provides");
        }
        Map<String, Object> payload = StepPayload.of(step, "payloadVariables");
        String reason = step.input("reason");
        if (reason != null) {
            payload.put("reason", reason);
        }
        UUID id = webhooks.enqueue(step.input("eventType", "lead.handed-over"), payload);
        step.set("handOverWebhookId", id == null ? null : id.toString());
    }
}
