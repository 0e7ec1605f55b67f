package io.genkend.journey;

import io.genkend.tenancy.Tenant;

/**
 * Published by the step "notify staff": a note for a staff group about a customer (the web UI and webhooks show
 * it).
 *
 * @param tenant            the tenant
 * @param group             the staff group, such as {@code service}
 * @param customerId        the customer, or {@code null}
 * @param message           the note
 * @param processInstanceId the journey instance
 */
public record StaffNotified(Tenant tenant, String group, String customerId, String message,
                            String processInstanceId) {
}
