package io.genkend.web.internal;

import io.genkend.customer.ExportContributor;
import io.genkend.decision.DecisionHistory;
import io.genkend.outreach.OutreachLog;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the UI shows about a customer beyond the profile, read through the customer module's published
 * contributor interfaces: the timeline (every module's {@link TimelineContributor}, merged newest first with
 * keyset paging on {@code (at, kind:id)}, as the customer module does) and the GDPR export (every
 * {@link ExportContributor}'s section). A contributor that fails is left out of the page and logged, so one
 * module's fault does not hide the rest.
 */
@Component
class CustomerContext {

    private static final Logger log = LoggerFactory.getLogger(CustomerContext.class);

    private final ObjectProvider<TimelineContributor> timeline;
    private final ObjectProvider<ExportContributor> exports;
    private final ObjectProvider<OutreachLog> outreach;
    private final ObjectProvider<DecisionHistory> decisions;

    CustomerContext(ObjectProvider<TimelineContributor> timeline, ObjectProvider<ExportContributor> exports,
                    ObjectProvider<OutreachLog> outreach, ObjectProvider<DecisionHistory> decisions) {
        this.timeline = timeline;
        this.exports = exports;
        this.outreach = outreach;
        this.decisions = decisions;
    }

    /** @return the customer's newest outreach, with status and reason; empty when no module provides it */
    List<OutreachLog.OutreachSummary> outreach(UUID customerId, int limit) {
        OutreachLog log = outreach.getIfAvailable();
        return log == null ? List.of() : log.forCustomer(customerId, limit);
    }

    /** @return the customer's newest decisions, with every candidate's score or the reason it was dropped */
    List<DecisionHistory.DecidedOffer> decisions(UUID customerId, int limit) {
        DecisionHistory history = decisions.getIfAvailable();
        return history == null ? List.of() : history.forCustomer(customerId, limit);
    }

    /** @return the newest {@code limit} timeline entries of a customer of the current tenant */
    List<TimelineEntry> timeline(UUID customerId, int limit) {
        return timeline(customerId, null, null, limit);
    }

    /**
     * @param before    only entries older than this time (with {@code beforeKey}), or {@code null} for the newest
     * @param beforeKey tie-breaker {@code kind:id}, or {@code null}
     * @return one page, newest first
     */
    List<TimelineEntry> timeline(UUID customerId, Instant before, String beforeKey, int limit) {
        List<TimelineEntry> all = new ArrayList<>();
        timeline.orderedStream().forEach(contributor -> {
            try {
                all.addAll(contributor.entries(customerId, before, beforeKey, limit));
            } catch (RuntimeException e) {
                log.warn("Timeline of {} left out: {}", contributor.getClass().getSimpleName(), e.toString());
            }
        });
        all.sort(Comparator.comparing(TimelineEntry::at).thenComparing(TimelineEntry::sortKey).reversed());
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** @return every section of the customer's export, by section name */
    Map<String, Object> export(UUID customerId) {
        Map<String, Object> sections = new LinkedHashMap<>();
        exports.orderedStream().forEach(contributor -> sections.put(contributor.section(),
                contributor.export(customerId)));
        return sections;
    }
}
