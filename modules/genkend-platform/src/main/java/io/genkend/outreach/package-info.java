/**
 * Outreach: contact policy, channels, templates, the send outbox and the customer's responses.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outreach")
package io.genkend.outreach;
