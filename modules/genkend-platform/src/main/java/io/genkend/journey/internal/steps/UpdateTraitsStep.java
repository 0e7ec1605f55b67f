package io.genkend.journey.internal.steps;

import io.genkend.customer.CustomerProfiles;
import io.genkend.journey.JourneyStep;
import io.genkend.journey.StepExecution;
import io.genkend.journey.StepFailedException;
import io.genkend.tenancy.TenantDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Step "Update profile traits" ({@code ${updateTraits}}). Input {@code traits}: {@code name=value} pairs separated
 * by {@code ;} (values may be expressions, resolved by the engine before the step runs), such as
 * {@code lastRepair=${part};windscreenReplaced=true}. {@code true}/{@code false} and numbers are stored typed.
 */
@Component("updateTraits")
class UpdateTraitsStep extends JourneyStep {

    private final ObjectProvider<CustomerProfiles> profiles;

    UpdateTraitsStep(TenantDirectory tenants, ObjectProvider<CustomerProfiles> profiles) {
        super(tenants);
        this.profiles = profiles;
    }

    @Override
    protected void run(StepExecution step) {
        Map<String, Object> traits = parse(step.requiredInput("traits"));
        if (step.dryRun()) {
            return;
        }
        CustomerProfiles service = profiles.getIfAvailable();
        if (service == null) {
            throw new StepFailedException("Step 'updateTraits' needs io.genkend.customer.CustomerProfiles, which no "
                    + "module provides");
        }
        service.updateTraits(step.customerId(), traits);
    }

    static Map<String, Object> parse(String text) {
        Map<String, Object> traits = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (value.equals("true") || value.equals("false")) {
                traits.put(name, Boolean.parseBoolean(value));
            } else if (value.matches("-?\\d{1,18}")) {
                traits.put(name, Long.parseLong(value));
            } else if (value.matches("-?\\d+\\.\\d+")) {
                traits.put(name, Double.parseDouble(value));
            } else {
                traits.put(name, value);
            }
        }
        return traits;
    }
}
