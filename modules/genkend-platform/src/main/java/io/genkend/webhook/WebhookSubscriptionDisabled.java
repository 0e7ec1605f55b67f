package io.genkend.webhook;

import io.genkend.tenancy.Tenant;

import java.util.UUID;

/**
 * Published when Genkend disables a webhook subscription by itself: the endpoint answered {@code 410 Gone}, or
 * it failed without a single success for days. A notice for the tenant's admins is recorded at the same time;
 * a mail module may listen to send it.
 *
 * @param tenant         the subscription's tenant
 * @param subscriptionId the subscription
 * @param url            its endpoint
 * @param reason         {@code GONE} or {@code FAILING}
 */
public record WebhookSubscriptionDisabled(Tenant tenant, UUID subscriptionId, String url, String reason) {
}
