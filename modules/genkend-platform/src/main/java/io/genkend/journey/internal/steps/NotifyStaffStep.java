package io.genkend.journey.internal.steps;

import io.genkend.journey.JourneyStep;
import io.genkend.journey.StaffNotified;
import io.genkend.journey.StepExecution;
import io.genkend.tenancy.TenantDirectory;
import io.genkend.webhook.WebhookOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Step "Notify staff" ({@code ${notifyStaff}}): a note to a staff group. Inputs: {@code group} (default
 * {@code service}), {@code message} (required). Publishes {@link StaffNotified} and, when webhooks are installed,
 * queues a {@code staff.notified} webhook.
 */
@Component("notifyStaff")
class NotifyStaffStep extends JourneyStep {

    private final ApplicationEventPublisher events;
    private final ObjectProvider<WebhookOutbox> outbox;

    NotifyStaffStep(TenantDirectory tenants, ApplicationEventPublisher events, ObjectProvider<WebhookOutbox> outbox) {
        super(tenants);
        this.events = events;
        this.outbox = outbox;
    }

    @Override
    protected void run(StepExecution step) {
        String group = step.input("group", "service");
        String message = step.requiredInput("message");
        if (step.dryRun()) {
            return;
        }
        String customer = step.execution().getProcessBusinessKey();
        events.publishEvent(new StaffNotified(step.tenant(), group, customer, message, step.processInstanceId()));
        WebhookOutbox webhooks = outbox.getIfAvailable();
        if (webhooks != null) {
            webhooks.enqueue("staff.notified", Map.of("group", group, "message", message,
                    "customerId", String.valueOf(customer), "processInstanceId", step.processInstanceId()));
        }
    }
}
