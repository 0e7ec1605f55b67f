package io.genkend.report.internal;

import io.genkend.decision.DecisionStatistics;
import io.genkend.event.EventStatistics;
import io.genkend.journey.JourneyStatistics;
import io.genkend.outreach.OutreachStatistics;
import io.genkend.report.Reports;
import io.genkend.report.TenantReport;
import io.genkend.task.TaskStatistics;
import io.genkend.tenancy.TenantContext;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;

/** {@link Reports} from the other modules' statistics APIs. */
@Service
class ReportService implements Reports {

    private final EventStatistics events;
    private final JourneyStatistics journeys;
    private final DecisionStatistics decisions;
    private final OutreachStatistics outreach;
    private final TaskStatistics tasks;
    private final Clock clock = Clock.systemUTC();

    ReportService(EventStatistics events, JourneyStatistics journeys, DecisionStatistics decisions,
                  OutreachStatistics outreach, TaskStatistics tasks) {
        this.events = events;
        this.journeys = journeys;
        this.decisions = decisions;
        this.outreach = outreach;
        this.tasks = tasks;
    }

    @Override
    public TenantReport summary() {
        String tenant = TenantContext.require().slug();
        Map<String, Long> eventCounts = events.countByName();
        DecisionStatistics.DecisionSummary decided = decisions.summary();
        var outreachCounts = outreach.countByChannelAndStatus();
        return new TenantReport(tenant, clock.instant(), eventCounts,
                eventCounts.values().stream().mapToLong(Long::longValue).sum(), journeys.counts(),
                decided.decisions(), decided.withoutOffer(), decided.offersDecided(), outreachCounts,
                outreachCounts.stream().mapToLong(OutreachStatistics.ChannelStatusCount::count).sum(),
                decided.echo(), tasks.counts(), decided.holdout());
    }
}
