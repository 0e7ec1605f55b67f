package io.genkend.journey.internal.steps;

import io.genkend.decision.Decision;
import io.genkend.decision.DecisionRequest;
import io.genkend.decision.NextBestOffer;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Step "Decide next-best-offer" ({@code ${decideNextBestOffer}}). Inputs: {@code categories} (comma-separated
 * offer categories, empty for all), {@code context} (decision context, default the triggering event name),
 * {@code resultVariable} (default {@code offerCode}). Sets {@code <resultVariable>} to the chosen offer code or
 * {@code null} (nothing passed, or holdout), {@code <resultVariable>DecisionId} and
 * {@code <resultVariable>Holdout}. In a test run it keeps a preset {@code <resultVariable>} and decides nothing.
 */
@Component("decideNextBestOffer")
class DecideNextBestOfferStep extends JourneyStep {

    private final ObjectProvider<NextBestOffer> nextBestOffer;

    DecideNextBestOfferStep(TenantDirectory tenants, ObjectProvider<NextBestOffer> nextBestOffer) {
        super(tenants);
        this.nextBestOffer = nextBestOffer;
    }

    @Override
    protected void run(StepExecution step) {
        String result = step.input("resultVariable", "offerCode");
        if (step.dryRun()) {
            step.set(result, step.has(result) ? step.get(result) : null);
            step.set(result + "DecisionId", null);
            step.set(result + "Holdout", false);
            return;
        }
        NextBestOffer decider = nextBestOffer.getIfAvailable();
        if (decider == null) {
            throw new StepFailedException("Step 'decideNextBestOffer' needs io.genkend.decision.NextBestOffer, "
                    + "which no module provides");
        }
        Map<String, Object> contextData = new HashMap<>(step.execution().getVariables());
        contextData.remove(result);
        Decision decision = decider.decide(new DecisionRequest(step.customerId(),
                step.input("context", String.valueOf(step.get("eventName"))),
                new LinkedHashSet<>(step.listInput("categories")), contextData, step.processInstanceId()));
        step.set(result, decision.offerCode());
        step.set(result + "DecisionId", decision.id() == null ? null : decision.id().toString());
        step.set(result + "Holdout", decision.holdout());
    }
}
