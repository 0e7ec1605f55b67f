/**
 * Reports: per tenant, what Genkend did with its events (events, journeys, offers, outreach, echo offers
 * suppressed, tasks, holdout), as JSON ({@code GET /api/v1/reports/summary}) and as the page {@code /reports}.
 * Reads the other modules only through their read-only statistics APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reports")
package io.genkend.report;
