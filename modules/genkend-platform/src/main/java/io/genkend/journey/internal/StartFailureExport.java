package io.genkend.journey.internal;

import io.genkend.customer.ExportContributor;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * The export section {@code journeyStartFailures} (GDPR Art. 20): the customer's start failures, open and resolved,
 * with the event's properties each keeps for a retry ({@link StartFailures#ofCustomer}). Resolved ones are deleted
 * after {@code genkend.journey.start-failure-retention} ({@link MessageBufferSweep}).
 */
@Component
class StartFailureExport implements ExportContributor {

    private final StartFailures failures;

    StartFailureExport(StartFailures failures) {
        this.failures = failures;
    }

    @Override
    public String section() {
        return "journeyStartFailures";
    }

    @Override
    public Object export(UUID customerId) {
        return failures.ofCustomer(customerId);
    }
}
