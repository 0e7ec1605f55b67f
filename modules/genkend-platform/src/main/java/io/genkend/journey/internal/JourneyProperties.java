package io.genkend.journey.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the journey module ({@code genkend.journey.*}).
 *
 * @param jobWait             the job executor's idle wait after an empty acquisition (Camunda's default is 5 s,
 *                            growing to 60 s); new jobs also wake the executor at once (job executor hint)
 * @param jobMaxWait          the longest idle wait
 * @param retryCycle          default retry cycle of failed jobs (ISO 8601 repeating interval), after which the
 *                            job becomes an incident
 * @param historyTimeToLive   history time to live of definitions that set none (ISO 8601 period or days)
 * @param registryTtl         how long a tenant's trigger registry is trusted before it is rebuilt from the
 *                            engine (other replicas' deployments show up within this time)
 * @param publicBaseUrl       base URL of this installation, for callback URLs sent to tenant systems
 * @param messageBufferTtl    how long an {@code event:<name>} message that no instance of the customer waits for
 *                            is kept for the customer's next instance that reaches a catch event for it
 *                            ({@link MessageBuffer}); zero turns buffering off
 * @param triggerAttempts     how often an event is fed to the journeys when the engine reports a concurrent
 *                            change (optimistic locking) before the failure is left to the publication registry
 * @param triggerBackoff      the wait before the second attempt, doubling for each further one
 * @param orderWindow         how long before an event a customer's earlier event, not fed to the journeys yet, may
 *                            have been accepted to be fed first (in its accepting order); zero turns this off
 *                            (docs/journeys.md, "Order per customer")
 * @param orderLimit          at most this many such earlier events are fed first in one event's transaction
 * @param startFailureRetention how long a resolved start failure (with the event's properties, personal data) is
 *                            kept before {@link MessageBufferSweep} deletes it; open ones are kept until resolved
 */
@ConfigurationProperties("genkend.journey")
public record JourneyProperties(@DefaultValue("500ms") Duration jobWait,
                                @DefaultValue("2s") Duration jobMaxWait,
                                @DefaultValue("R3/PT30S") String retryCycle,
                                @DefaultValue("P180D") String historyTimeToLive,
                                @DefaultValue("30s") Duration registryTtl,
                                @DefaultValue("http://localhost:8080") String publicBaseUrl,
                                @DefaultValue("30d") Duration messageBufferTtl,
                                @DefaultValue("5") int triggerAttempts,
                                @DefaultValue("50ms") Duration triggerBackoff,
                                @DefaultValue("10m") Duration orderWindow,
                                @DefaultValue("100") int orderLimit,
                                @DefaultValue("30d") Duration startFailureRetention) {
}
