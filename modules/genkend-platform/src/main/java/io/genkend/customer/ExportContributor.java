package io.genkend.customer;

import java.util.UUID;

/**
 * Implemented by each module that holds personal data of a customer: contributes its section to the GDPR
 * Art. 20 export ({@code GET /api/v1/customers/{id}/export}), with the current tenant set.
 */
public interface ExportContributor {

    /** @return the name of this module's section in the export, such as {@code events} */
    String section();

    /**
     * @param customerId the customer's profile id
     * @return everything this module holds about the customer, JSON-serialisable
     */
    Object export(UUID customerId);
}
