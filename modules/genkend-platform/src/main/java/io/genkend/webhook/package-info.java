/**
 * Webhooks out: subscriptions, signed (Standard Webhooks) and retried deliveries to tenant systems, from an outbox.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhook")
package io.genkend.webhook;
