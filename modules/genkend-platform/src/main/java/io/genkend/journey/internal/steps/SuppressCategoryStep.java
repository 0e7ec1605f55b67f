package io.genkend.journey.internal.steps;

import io.genkend.decision.Suppressions;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Step "Suppress a category" ({@code ${suppressCategory}}). Inputs: {@code category} (required; comma-separated
 * for several), {@code days} (default 90) or {@code period} (ISO 8601 duration such as {@code P7D}, wins over
 * days), {@code reason}. No offer of the category passes applicability for the customer until the period ends.
 */
@Component("suppressCategory")
class SuppressCategoryStep extends JourneyStep {

    private final ObjectProvider<Suppressions> suppressions;

    SuppressCategoryStep(TenantDirectory tenants, ObjectProvider<Suppressions> suppressions) {
        super(tenants);
        this.suppressions = suppressions;
    }

    @Override
    protected void run(StepExecution step) {
        if (!step.has("category")) {
            step.requiredInput("category");
        }
        // an expression such as ${basketCategories} may resolve to nothing: then there is nothing to suppress
        var categories = step.listInput("category");
        String period = step.input("period");
        Duration duration = period != null ? Duration.parse(period)
                : Duration.ofDays(Long.parseLong(step.input("days", "90")));
        String reason = step.input("reason", "suppressed by journey " + step.journeyKey());
        if (step.dryRun() || categories.isEmpty()) {
            step.set("suppressedCategories", String.join(",", categories));
            return;
        }
        Suppressions service = suppressions.getIfAvailable();
        if (service == null) {
            throw new StepFailedException("Step 'suppressCategory' needs io.genkend.decision.Suppressions, which no "
                    + "module provides");
        }
        for (String category : categories) {
            service.suppress(step.customerId(), category, duration, reason);
        }
        step.set("suppressedCategories", String.join(",", categories));
    }
}
