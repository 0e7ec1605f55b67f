package io.genkend.outreach.internal;

import io.genkend.customer.ExportContributor;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import io.genkend.schema.tables.records.OutreachRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.MARKETING_OBJECTION;
import static io.genkend.schema.Tables.OUTREACH;
import static io.genkend.schema.Tables.OUTREACH_HISTORY;

/**
 * A customer's outreach as the customer module shows it: timeline entries of kind {@code outreach} (one per
 * message, at its creation, with its current status and reason) and the export section {@code outreach} (every
 * message with its content and status history, and the objections received).
 */
@Component
class OutreachCustomerData implements TimelineContributor, ExportContributor {

    /** Rows read beyond a page, so that entries with the same time as the cursor can be skipped in Java. */
    private static final int TIE_SLACK = 50;

    private final DSLContext dsl;

    OutreachCustomerData(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit) {
        Condition older = before == null ? DSL.noCondition() : OUTREACH.CREATED_AT.le(before);
        return dsl.selectFrom(OUTREACH).where(OUTREACH.CUSTOMER_ID.eq(customerId), older)
                .orderBy(OUTREACH.CREATED_AT.desc(), OUTREACH.ID.desc()).limit(limit + TIE_SLACK)
                .fetch(r -> {
                    String what = r.getOfferCode() != null ? r.getOfferCode()
                            : r.getTemplate() != null ? r.getTemplate() : "message";
                    String title = what + (r.getChannel() == null ? "" : " by " + r.getChannel()) + ": "
                            + r.getStatus();
                    return new TimelineEntry(r.getCreatedAt(), r.getId().toString(), "outreach", title, summary(r));
                }).stream()
                .filter(e -> before == null || e.isOlderThan(before, beforeKey))
                .limit(limit).toList();
    }

    @Override
    public String section() {
        return "outreach";
    }

    @Override
    public Object export(UUID customerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messages", dsl.selectFrom(OUTREACH).where(OUTREACH.CUSTOMER_ID.eq(customerId))
                .orderBy(OUTREACH.CREATED_AT).fetch(r -> {
                    Map<String, Object> message = summary(r);
                    message.put("id", r.getId());
                    message.put("recipient", r.getRecipient());
                    message.put("subject", r.getSubject());
                    message.put("text", r.getBodyText());
                    message.put("history", dsl.selectFrom(OUTREACH_HISTORY)
                            .where(OUTREACH_HISTORY.OUTREACH_ID.eq(r.getId()))
                            .orderBy(OUTREACH_HISTORY.AT, OUTREACH_HISTORY.ID)
                            .fetch(h -> Map.of("status", h.getStatus(), "reason", String.valueOf(h.getReason()),
                                    "at", h.getAt())));
                    return message;
                }));
        body.put("objections", dsl.selectFrom(MARKETING_OBJECTION)
                .where(MARKETING_OBJECTION.CUSTOMER_ID.eq(customerId)).orderBy(MARKETING_OBJECTION.OBJECTED_AT)
                .fetch(o -> {
                    Map<String, Object> objection = new LinkedHashMap<>();
                    objection.put("channel", o.getChannel());
                    objection.put("objectedAt", o.getObjectedAt());
                    return objection;
                }));
        return body;
    }

    private static Map<String, Object> summary(OutreachRecord r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("offerCode", r.getOfferCode());
        details.put("template", r.getTemplate());
        details.put("channel", r.getChannel());
        details.put("status", r.getStatus());
        details.put("reason", r.getReason());
        details.put("transactional", r.getTransactional());
        details.put("sentAt", r.getSentAt());
        details.put("respondedAt", r.getRespondedAt());
        details.put("decisionId", r.getDecisionId());
        return details;
    }
}
