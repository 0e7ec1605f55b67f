package io.genkend.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.decision.DecisionStatistics;
import io.genkend.decision.DecisionStatistics.HoldoutSummary;
import io.genkend.event.EventStatistics;
import io.genkend.event.EventStatistics.MinuteCount;
import io.genkend.journey.Journeys;
import io.genkend.outreach.OutreachStatistics;
import io.genkend.outreach.OutreachStatistics.ChannelStatusCount;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's dashboard, drawn with Chart.js ({@code static/js/dashboard.js}) from the JSON in the page (the same
 * JSON as {@code GET /dashboard/data}), each chart with its figures as a table for screen readers, refreshed in
 * place every 60 s (htmx asks for the page's live part; see {@link #dashboard}):
 * <ul>
 *   <li>events received per minute over the last {@value #MINUTES} minutes (the current minute last);</li>
 *   <li>running journey instances and open incidents per journey, and the open incidents with their cause;</li>
 *   <li>outreach per channel and status (all time);</li>
 *   <li>acceptance of the treated customers against the holdout, and the uplift (the difference in percentage
 *       points), shown only when each group has at least {@value #MIN_GROUP} customers: below that, one
 *       customer more or less swings the rate by several points, so the page says "not enough data" (30 is the
 *       usual minimum sample for treating a proportion as roughly normal).</li>
 * </ul>
 */
@Controller
@PreAuthorize("hasAnyRole('MARKETER','TENANT_ADMIN')")
class DashboardController {

    /** Minutes in the events-per-minute chart. */
    static final int MINUTES = 60;
    /** The fewest customers each group needs before acceptance and uplift are compared. */
    static final int MIN_GROUP = 30;

    private final Journeys journeys;
    private final ObjectProvider<EventStatistics> events;
    private final ObjectProvider<OutreachStatistics> outreach;
    private final ObjectProvider<DecisionStatistics> decisions;
    private final ObjectMapper mapper;

    DashboardController(Journeys journeys, ObjectProvider<EventStatistics> events,
                        ObjectProvider<OutreachStatistics> outreach, ObjectProvider<DecisionStatistics> decisions,
                        ObjectMapper mapper) {
        this.journeys = journeys;
        this.events = events;
        this.outreach = outreach;
        this.decisions = decisions;
        this.mapper = mapper;
    }

    /**
     * The page, or with htmx ({@code HX-Request}) only its live part ({@code #dashboard-live}: figures, charts'
     * data, tables, incidents), which the page asks for every 60 s to refresh itself in place.
     */
    @GetMapping("/dashboard")
    String dashboard(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model)
            throws JsonProcessingException {
        List<Journeys.JourneyView> list = journeys.list();
        Map<String, Object> data = data(list);
        model.addAttribute("updatedAt", data.get("generatedAt"));
        for (String key : List.of("eventsPerMinute", "eventsLastHour", "eventsPeakMinute", "outreach",
                "outreachTotal", "acceptance")) {
            model.addAttribute(key, data.get(key));
        }
        model.addAttribute("journeys", list);
        model.addAttribute("incidents", journeys.incidents(null));
        model.addAttribute("totalRunning", list.stream().mapToLong(Journeys.JourneyView::running).sum());
        model.addAttribute("minGroup", MIN_GROUP);
        // "</" would end the <script> element that carries the JSON.
        model.addAttribute("data", mapper.writeValueAsString(data).replace("</", "<\\/"));
        return htmx == null ? "dashboard" : "dashboard :: live";
    }

    /**
     * The dashboard's figures as JSON, for the charts and for scripts. Shape:
     * <pre>{@code
     * {"generatedAt": "...",
     *  "journeys": ["name", ...], "running": [n, ...], "incidents": [n, ...],
     *  "eventsPerMinute": [{"minute": "2026-11-29T13:05:00Z", "events": 12}, ...],  // 60 entries, oldest first
     *  "eventsLastHour": 345,
     *  "outreach": [{"channel": "SMS", "status": "SENT", "count": 4}, ...],        // most first
     *  "outreachChannels": ["SMS", ...], "outreachStatuses": ["SENT", ...],
     *  "acceptance": {"treatedCustomers": 40, "treatedAccepted": 8, "treatedRate": 0.2,
     *                 "holdoutCustomers": 35, "holdoutAccepted": 1, "holdoutRate": 0.0286,
     *                 "uplift": 0.1714, "enoughData": true, "minGroup": 30}}
     * }</pre>
     * Rates and uplift are fractions (0.2 = 20 %).
     */
    @GetMapping(path = "/dashboard/data", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> dashboardData() {
        return data(journeys.list());
    }

    private Map<String, Object> data(List<Journeys.JourneyView> list) {
        Map<String, Object> data = new LinkedHashMap<>();
        Instant now = Instant.now(); // events carry the database's receipt time, not a test clock's
        data.put("generatedAt", now);
        data.put("journeys", list.stream().map(Journeys.JourneyView::name).toList());
        data.put("running", list.stream().map(Journeys.JourneyView::running).toList());
        data.put("incidents", list.stream().map(Journeys.JourneyView::incidents).toList());

        EventStatistics eventStatistics = events.getIfAvailable();
        List<MinuteCount> perMinute = eventStatistics == null ? List.of()
                : eventStatistics.perMinute(now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES),
                MINUTES);
        data.put("eventsPerMinute", perMinute);
        data.put("eventsLastHour", perMinute.stream().mapToLong(MinuteCount::events).sum());
        data.put("eventsPeakMinute", perMinute.stream().mapToLong(MinuteCount::events).max().orElse(0));

        OutreachStatistics outreachStatistics = outreach.getIfAvailable();
        List<ChannelStatusCount> byChannel = outreachStatistics == null ? List.of()
                : outreachStatistics.countByChannelAndStatus();
        Set<String> channels = new LinkedHashSet<>();
        Set<String> statuses = new LinkedHashSet<>();
        byChannel.forEach(c -> {
            channels.add(c.channel());
            statuses.add(c.status());
        });
        data.put("outreach", byChannel);
        data.put("outreachTotal", byChannel.stream().mapToLong(ChannelStatusCount::count).sum());
        data.put("outreachChannels", new ArrayList<>(channels));
        data.put("outreachStatuses", new ArrayList<>(statuses));

        DecisionStatistics decisionStatistics = decisions.getIfAvailable();
        HoldoutSummary holdout = decisionStatistics == null ? new HoldoutSummary(0, 0, 0, 0, 0, 0)
                : decisionStatistics.summary().holdout();
        Map<String, Object> acceptance = new LinkedHashMap<>();
        acceptance.put("treatedCustomers", holdout.treatedCustomers());
        acceptance.put("treatedAccepted", holdout.treatedAccepted());
        acceptance.put("treatedRate", holdout.treatedAcceptance());
        acceptance.put("holdoutCustomers", holdout.customers());
        acceptance.put("holdoutAccepted", holdout.holdoutAccepted());
        acceptance.put("holdoutRate", holdout.holdoutAcceptance());
        acceptance.put("uplift", holdout.uplift());
        acceptance.put("enoughData", holdout.enoughData(MIN_GROUP));
        acceptance.put("minGroup", MIN_GROUP);
        data.put("acceptance", acceptance);
        return data;
    }
}
