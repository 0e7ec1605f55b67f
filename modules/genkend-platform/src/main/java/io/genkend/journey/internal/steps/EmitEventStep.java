package io.genkend.journey.internal.steps;

import io.genkend.journey.JourneyEventEmitted;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Step "Emit an event" ({@code ${emitEvent}}): raises an event about the customer, which starts or moves the
 * tenant's journeys like an accepted event. Inputs: {@code eventName} (required), {@code payloadVariables}
 * (comma-separated variables sent as its properties). Publishes {@link JourneyEventEmitted}.
 */
@Component("emitEvent")
class EmitEventStep extends JourneyStep {

    private final ApplicationEventPublisher events;

    EmitEventStep(TenantDirectory tenants, ApplicationEventPublisher events) {
        super(tenants);
        this.events = events;
    }

    @Override
    protected void run(StepExecution step) {
        String name = step.requiredInput("eventName");
        Map<String, Object> properties = new HashMap<>();
        for (String variable : step.listInput("payloadVariables")) {
            properties.put(variable, step.get(variable));
        }
        step.set("emittedEvent", name);
        if (step.dryRun()) {
            return;
        }
        events.publishEvent(new JourneyEventEmitted(step.tenant(), UUID.randomUUID(), step.customerId(), name,
                properties, step.processInstanceId()));
    }
}
