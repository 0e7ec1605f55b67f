package io.genkend.journey.internal.steps;

import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.journey.internal.JourneyProperties;
import io.genkend.tenancy.TenantDirectory;
import io.genkend.webhook.WebhookOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.UUID;

/**
 * Step "Request fulfilment" ({@code ${requestFulfilment}}): asks a tenant system to do something (reserve a part,
 * pre-approve a loan, reserve stock) by a signed webhook, and gives it a callback. Inputs: {@code kind}
 * (required, such as {@code reserve-part}), {@code eventType} (default {@code fulfilment.requested}),
 * {@code payloadVariables} (comma-separated variables to send), {@code tokenVariable} (default
 * {@code fulfilmentToken}). Sets {@code <tokenVariable>} to a new random token; model the wait after it as a
 * receive task with the message {@code callback:${fulfilmentToken}} and a boundary timer. The tenant system
 * answers with {@code POST /api/v1/journeys/callbacks/<token>}, whose URL is in the payload's {@code callbackUrl}.
 */
@Component("requestFulfilment")
class RequestFulfilmentStep extends JourneyStep {

    private final ObjectProvider<WebhookOutbox> outbox;
    private final JourneyProperties properties;

    RequestFulfilmentStep(TenantDirectory tenants, ObjectProvider<WebhookOutbox> outbox,
                          JourneyProperties properties) {
        super(tenants);
        this.outbox = outbox;
        this.properties = properties;
    }

    @Override
    protected void run(StepExecution step) {
        String kind = step.requiredInput("kind");
        String tokenVariable = step.input("tokenVariable", "fulfilmentToken");
        String token = UUID.randomUUID().toString();
        step.set(tokenVariable, token);
        if (step.dryRun()) {
            return;
        }
        WebhookOutbox webhooks = outbox.getIfAvailable();
        if (webhooks == null) {
            throw new StepFailedException("Step 'requestFulfilment' needs io.genkend.webhook.WebhookOutbox, which no "
                    + "module provides");
        }
        Map<String, Object> payload = StepPayload.of(step, "payloadVariables");
        payload.put("kind", kind);
        payload.put("callbackToken", token);
        payload.put("callbackUrl", properties.publicBaseUrl() + "/api/v1/journeys/callbacks/" + token);
        UUID messageId = webhooks.enqueue(step.input("eventType", "fulfilment.requested"), payload);
        step.set(tokenVariable + "WebhookId", messageId == null ? null : messageId.toString());
    }
}
