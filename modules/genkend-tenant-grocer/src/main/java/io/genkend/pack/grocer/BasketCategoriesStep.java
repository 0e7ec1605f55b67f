package io.genkend.pack.grocer;

import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.stereotype.Component;

/**
 * Grocer step {@code ${basketCategories}}: reads the basket ({@code products}, JSON) and sets
 * {@code basketCategories} (comma-separated categories bought) and {@code mainCategory}. A preset
 * {@code basketCategories} (a test run) is kept.
 */
@Component("basketCategories")
class BasketCategoriesStep extends JourneyStep {

    BasketCategoriesStep(TenantDirectory tenants) {
        super(tenants);
    }

    @Override
    protected void run(StepExecution step) {
        if (step.dryRun() && step.has("basketCategories")) {
            return;
        }
        Basket basket = Basket.of(step.get("products"));
        step.set("basketCategories", basket.categories());
        step.set("mainCategory", basket.mainCategory());
    }
}
