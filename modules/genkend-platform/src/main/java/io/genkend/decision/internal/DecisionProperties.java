package io.genkend.decision.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the decision module ({@code genkend.decision.*}).
 *
 * @param priorAlpha       alpha of the default Beta prior of every offer's propensity (successes seen before any
 *                         data); an offer may set its own
 * @param priorBeta        beta of the default Beta prior (failures seen before any data)
 * @param holdoutPercent   share of each tenant's customers, in percent, kept in the holdout (control) group
 * @param recentWindowDays default applicability window: an offer is not applicable while its category was bought or
 *                         booked within this many days
 * @param ignoredLimit     how many ignored outreaches of one offer pause it for a customer
 * @param ignoredPause     for how long such an offer is paused (Pega's suppression policy: 60 days)
 */
@ConfigurationProperties("genkend.decision")
public record DecisionProperties(@DefaultValue("1") double priorAlpha,
                                 @DefaultValue("1") double priorBeta,
                                 @DefaultValue("2") double holdoutPercent,
                                 @DefaultValue("30") int recentWindowDays,
                                 @DefaultValue("2") int ignoredLimit,
                                 @DefaultValue("60d") Duration ignoredPause) {
}
