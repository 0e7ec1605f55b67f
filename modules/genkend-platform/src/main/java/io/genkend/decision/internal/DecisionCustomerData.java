package io.genkend.decision.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.ExportContributor;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.DECISION;
import static io.genkend.schema.Tables.SUPPRESSION;

/**
 * A customer's decisions as the customer module shows them: timeline entries of kind {@code decision} (the chosen
 * offer, or none, and every candidate with its priority or the policy that dropped it and why) and the export
 * sections {@code decisions} and {@code suppressions}.
 */
@Component
class DecisionCustomerData implements TimelineContributor, ExportContributor {

    /** Rows read beyond a page, so that entries with the same time as the cursor can be skipped in Java. */
    private static final int TIE_SLACK = 50;

    private final DSLContext dsl;
    private final ObjectMapper json;

    DecisionCustomerData(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    @Override
    public List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit) {
        Condition older = before == null ? DSL.noCondition() : DECISION.DECIDED_AT.le(before);
        return dsl.selectFrom(DECISION).where(DECISION.CUSTOMER_ID.eq(customerId), older)
                .orderBy(DECISION.DECIDED_AT.desc(), DECISION.ID.desc()).limit(limit + TIE_SLACK)
                .fetch(r -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("context", r.getContext());
                    details.put("offerCode", r.getOfferCode());
                    details.put("holdout", r.getHoldout());
                    details.put("candidates", read(r.getCandidates().data()));
                    details.put("journeyInstanceId", r.getJourneyInstanceId());
                    String title = r.getOfferCode() != null ? "offer " + r.getOfferCode() + " decided"
                            : r.getHoldout() ? "no offer: holdout" : "no offer passed";
                    return new TimelineEntry(r.getDecidedAt(), r.getId().toString(), "decision", title, details);
                }).stream()
                .filter(e -> before == null || e.isOlderThan(before, beforeKey))
                .limit(limit).toList();
    }

    @Override
    public String section() {
        return "decisions";
    }

    @Override
    public Object export(UUID customerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decisions", dsl.selectFrom(DECISION).where(DECISION.CUSTOMER_ID.eq(customerId))
                .orderBy(DECISION.DECIDED_AT).fetch(r -> {
                    Map<String, Object> decision = new LinkedHashMap<>();
                    decision.put("id", r.getId());
                    decision.put("decidedAt", r.getDecidedAt());
                    decision.put("context", r.getContext());
                    decision.put("offerCode", r.getOfferCode());
                    decision.put("holdout", r.getHoldout());
                    decision.put("candidates", read(r.getCandidates().data()));
                    return decision;
                }));
        body.put("suppressions", dsl.selectFrom(SUPPRESSION).where(SUPPRESSION.CUSTOMER_ID.eq(customerId))
                .orderBy(SUPPRESSION.CREATED_AT).fetch(r -> {
                    Map<String, Object> suppression = new LinkedHashMap<>();
                    suppression.put("category", r.getCategory());
                    suppression.put("offerCode", r.getOfferCode());
                    suppression.put("until", r.getUntil());
                    suppression.put("reason", r.getReason());
                    suppression.put("createdAt", r.getCreatedAt());
                    return suppression;
                }));
        return body;
    }

    private JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
