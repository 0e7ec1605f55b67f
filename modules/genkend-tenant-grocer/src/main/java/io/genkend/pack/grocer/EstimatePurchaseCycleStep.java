package io.genkend.pack.grocer;

import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Grocer step {@code ${estimatePurchaseCycle}}: learns the customer's own purchase cycle of the basket's main
 * category and sets {@code replenishAt}, when they are likely to run out, less a margin of 15 %.
 *
 * <p>The cycle is kept in the profile traits {@code lastPurchase.<category>} (ISO instant) and
 * {@code cycleDays.<category>}: an exponentially weighted mean of the days between purchases (weight 1/3 for the
 * newest interval, so one odd week does not throw it). A first purchase sets no {@code replenishAt}
 * ({@code null}). In a test run a preset {@code replenishAt} is kept and nothing is written.
 */
@Component("estimatePurchaseCycle")
class EstimatePurchaseCycleStep extends JourneyStep {

    private static final double NEWEST_WEIGHT = 1.0 / 3.0;
    private static final double MARGIN = 0.85;

    private final ObjectProvider<CustomerProfiles> profiles;

    EstimatePurchaseCycleStep(TenantDirectory tenants, ObjectProvider<CustomerProfiles> profiles) {
        super(tenants);
        this.profiles = profiles;
    }

    @Override
    protected void run(StepExecution step) {
        Basket basket = Basket.of(step.get("products"));
        String category = step.input("mainCategory", basket.mainCategory());
        step.set("mainCategory", category);
        if (step.dryRun()) {
            step.set("replenishAt", step.has("replenishAt") ? step.get("replenishAt") : null);
            return;
        }
        if (category == null) {
            step.set("replenishAt", null);
            return;
        }
        CustomerProfiles service = profiles.getIfAvailable();
        if (service == null) {
            throw new StepFailedException("Step 'estimatePurchaseCycle' needs io.genkend.customer.CustomerProfiles, "
                    + "which no module provides");
        }
        Instant now = Instant.now();
        CustomerProfile profile = service.find(step.customerId())
                .orElseThrow(() -> new StepFailedException("Unknown customer " + step.customerId()));
        Object last = profile.traits().get("lastPurchase." + category);
        Object cycle = profile.traits().get("cycleDays." + category);
        Double days = next(last == null ? null : Instant.parse(last.toString()),
                cycle instanceof Number n ? n.doubleValue() : null, now);
        service.updateTraits(step.customerId(), days == null
                ? Map.of("lastPurchase." + category, now.toString())
                : Map.of("lastPurchase." + category, now.toString(), "cycleDays." + category, days));
        step.set("cycleDays", days);
        step.set("replenishAt", days == null ? null
                : Date.from(now.plus(Duration.ofMinutes(Math.round(days * MARGIN * 24 * 60)))));
    }

    /**
     * @return the new mean cycle in days, or {@code null} when there was no earlier purchase (or the earlier one
     *         was less than a day ago: the same shopping trip)
     */
    static Double next(Instant lastPurchase, Double meanDays, Instant now) {
        if (lastPurchase == null) {
            return meanDays;
        }
        double interval = Duration.between(lastPurchase, now).toMinutes() / (24.0 * 60.0);
        if (interval < 1) {
            return meanDays;
        }
        return meanDays == null ? interval : meanDays * (1 - NEWEST_WEIGHT) + interval * NEWEST_WEIGHT;
    }
}
