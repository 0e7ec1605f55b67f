package io.genkend.journey.internal.steps;

import io.genkend.decision.HoldoutGroup;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Step "Add to holdout" ({@code ${addToHoldout}}): puts the customer into the tenant's holdout (control) group
 * ({@link HoldoutGroup#add}), so that every later decision for them offers nothing and uplift can be measured.
 * Input: {@code reason} (default "added by journey &lt;key&gt;"). Sets {@code inHoldout} ({@code true}). Adding twice
 * changes nothing. In a test run it records what it would do and adds no one.
 */
@Component("addToHoldout")
class AddToHoldoutStep extends JourneyStep {

    private final ObjectProvider<HoldoutGroup> holdout;

    AddToHoldoutStep(TenantDirectory tenants, ObjectProvider<HoldoutGroup> holdout) {
        super(tenants);
        this.holdout = holdout;
    }

    @Override
    protected void run(StepExecution step) {
        String reason = step.input("reason", "added by journey " + step.journeyKey());
        if (step.dryRun()) {
            step.set("inHoldout", true);
            return;
        }
        HoldoutGroup group = holdout.getIfAvailable();
        if (group == null) {
            throw new StepFailedException("Step 'addToHoldout' needs io.genkend.decision.HoldoutGroup, which no "
                    + "module provides");
        }
        group.add(step.customerId(), reason);
        step.set("inHoldout", true);
    }
}
