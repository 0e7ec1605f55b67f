package io.genkend.journey.internal.steps;

import io.genkend.customer.Channel;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.outreach.OutreachOutcome;
import io.genkend.outreach.OutreachRequest;
import io.genkend.outreach.Outreaches;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Step "Send outreach" ({@code ${sendOutreach}}). Inputs: {@code template} (required), {@code offerVariable}
 * (variable holding the offer code, default {@code offerCode}; empty offer sends a plain notice),
 * {@code channels} (comma-separated preference, such as {@code SMS,EMAIL}: the first one consented is used),
 * {@code transactional} ({@code true} for a service message exempt from caps, never from consent). Sets
 * {@code outreachStatus} ({@code SCHEDULED}, {@code HELD}, {@code CAPPED}, {@code SUPPRESSED}, or
 * {@code DRY_RUN}), {@code outreachId} and {@code outreachChannel}. The idempotency key is the activity instance.
 */
@Component("sendOutreach")
class SendOutreachStep extends JourneyStep {

    private final ObjectProvider<Outreaches> outreaches;

    SendOutreachStep(TenantDirectory tenants, ObjectProvider<Outreaches> outreaches) {
        super(tenants);
        this.outreaches = outreaches;
    }

    @Override
    protected void run(StepExecution step) {
        String template = step.requiredInput("template");
        String offerVariable = step.input("offerVariable", "offerCode");
        Object offer = step.get(offerVariable);
        List<Channel> channels = step.listInput("channels").stream()
                .map(c -> Channel.valueOf(c.toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
        if (step.dryRun()) {
            step.set("outreachStatus", "DRY_RUN");
            step.set("outreachId", null);
            step.set("outreachChannel", channels.isEmpty() ? null : channels.get(0).name());
            return;
        }
        Outreaches service = outreaches.getIfAvailable();
        if (service == null) {
            throw new StepFailedException("Step 'sendOutreach' needs io.genkend.outreach.Outreaches, which no module "
                    + "provides");
        }
        Object decisionId = step.get(offerVariable + "DecisionId");
        Map<String, Object> variables = new HashMap<>();
        step.execution().getVariables().forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                variables.put(name, value);
            }
        });
        OutreachOutcome outcome = service.schedule(new OutreachRequest(step.customerId(),
                offer == null ? null : offer.toString(),
                decisionId == null ? null : UUID.fromString(decisionId.toString()), template, channels,
                Boolean.parseBoolean(step.input("transactional", "false")), variables, step.processInstanceId(),
                step.idempotencyKey()));
        step.set("outreachStatus", outcome.status());
        step.set("outreachId", outcome.outreachId() == null ? null : outcome.outreachId().toString());
        step.set("outreachChannel", outcome.channel() == null ? null : outcome.channel().name());
    }
}
