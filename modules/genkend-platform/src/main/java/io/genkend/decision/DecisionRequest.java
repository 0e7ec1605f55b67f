package io.genkend.decision;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a decision is asked for.
 *
 * @param customerId       the customer's profile id
 * @param context          the decision context, such as the triggering event name ({@code repair.completed})
 * @param categories       offer categories to choose from; empty for all
 * @param contextData      facts of the moment (event properties, journey variables) for the policies
 * @param journeyInstanceId the Camunda process instance that asks, or {@code null}
 */
public record DecisionRequest(UUID customerId, String context, Set<String> categories,
                              Map<String, Object> contextData, String journeyInstanceId) {
}
