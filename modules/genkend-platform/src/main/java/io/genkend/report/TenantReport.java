package io.genkend.report;

import io.genkend.decision.DecisionStatistics.EchoSuppression;
import io.genkend.decision.DecisionStatistics.HoldoutSummary;
import io.genkend.journey.JourneyStatistics.JourneyCount;
import io.genkend.outreach.OutreachStatistics.ChannelStatusCount;
import io.genkend.task.TaskStatistics.TaskCounts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Genkend did for one tenant, from its first event until {@code generatedAt}.
 *
 * @param tenant         the tenant's slug
 * @param generatedAt    when the figures were read
 * @param events         stored events per event name, most first
 * @param eventsTotal    all stored events
 * @param journeys       instances per journey: started, running, completed, ended otherwise, converted
 * @param decisions      decisions taken
 * @param decisionsWithoutOffer decisions with no offer (nothing passed, or the customer is in the holdout)
 * @param offersDecided  chosen offers per offer code, most first
 * @param outreach       outreach per channel and status, most first
 * @param outreachTotal  all outreach rows
 * @param echoSuppressed candidates dropped because their category was just bought or booked
 * @param tasks          staff tasks created and still open
 * @param holdout        the holdout group and acceptance in it against the treated customers
 */
public record TenantReport(String tenant, Instant generatedAt, Map<String, Long> events, long eventsTotal,
                           List<JourneyCount> journeys, long decisions, long decisionsWithoutOffer,
                           Map<String, Long> offersDecided, List<ChannelStatusCount> outreach, long outreachTotal,
                           EchoSuppression echoSuppressed, TaskCounts tasks, HoldoutSummary holdout) {
}
