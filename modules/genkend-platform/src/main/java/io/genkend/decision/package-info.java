/**
 * Decisions: the offer catalogue, Pega's three engagement policies, arbitration, the adaptive propensity model,
 * suppression and the holdout group.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Decision")
package io.genkend.decision;
