package io.genkend.journey.internal;

import io.genkend.customer.ExportContributor;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * The export section {@code journeyKeptMessages} (GDPR Art. 20): the customer's messages kept by the
 * {@link MessageBuffer} until an instance waits for them, with the variables (the event's properties) each will set.
 * They are deleted when delivered, when they expire ({@code genkend.journey.message-buffer-ttl}) and on erasure.
 */
@Component
class KeptMessageExport implements ExportContributor {

    private final MessageBuffer buffer;

    KeptMessageExport(MessageBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public String section() {
        return "journeyKeptMessages";
    }

    @Override
    public Object export(UUID customerId) {
        return buffer.ofCustomer(customerId);
    }
}
