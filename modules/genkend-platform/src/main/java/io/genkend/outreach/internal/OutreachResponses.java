package io.genkend.outreach.internal;

import io.genkend.customer.Channel;
import io.genkend.decision.ResponseLearning;
import io.genkend.outreach.MarketingObjected;
import io.genkend.outreach.OfferResponded;
import io.genkend.schema.tables.records.OutreachRecord;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Routines.outreachUnanswered;
import static io.genkend.schema.Tables.MARKETING_OBJECTION;
import static io.genkend.schema.Tables.OUTREACH;
import static io.genkend.schema.Tables.OUTREACH_HISTORY;

/**
 * The customer's side of an outreach: responses (from signed links or the tenant app's API), delivery reports,
 * unsubscribes and objections, and the sweep that marks offers IGNORED when their response window passes. An
 * answer to an offer ({@code ACCEPTED}, {@code DECLINED}, {@code IGNORED}) publishes {@link OfferResponded} (the
 * journey correlates it to {@code response:<offer code>}) and, like a click, feeds {@link ResponseLearning}
 * (propensity, and the pause of an offer ignored twice), all in one transaction.
 */
@Service
class OutreachResponses {

    private static final Logger log = LoggerFactory.getLogger(OutreachResponses.class);

    private final DSLContext dsl;
    private final ResponseLearning learning;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final OutreachProperties properties;
    private final Clock clock;

    OutreachResponses(DSLContext dsl, ResponseLearning learning, ApplicationEventPublisher events,
                      TransactionTemplate transactions, OutreachProperties properties, Clock clock) {
        this.dsl = dsl;
        this.learning = learning;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** What became of a response. */
    enum Result {
        /** recorded now */
        RECORDED,
        /** the same answer was recorded before: nothing changed */
        ALREADY,
        /** the outreach is in a state that takes no such answer (not sent yet, or answered otherwise) */
        REFUSED,
        /** no such outreach for the current tenant */
        NOT_FOUND
    }

    /**
     * Records a response of the current tenant's customer.
     *
     * @param outreachId the outreach
     * @param response   {@code CLICKED}, {@code ACCEPTED}, {@code DECLINED}, {@code DELIVERED} or {@code IGNORED}
     * @return what became of it
     */
    @Transactional
    Result respond(UUID outreachId, OutreachStatus response) {
        OutreachRecord row = dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(outreachId)).forUpdate().fetchOne();
        if (row == null) {
            return Result.NOT_FOUND;
        }
        OutreachStatus current = OutreachStatus.valueOf(row.getStatus());
        if (current == response) {
            return Result.ALREADY;
        }
        if (!current.mayMoveTo(response)) {
            // A click after the answer changes nothing; anything else is refused.
            return response == OutreachStatus.CLICKED || response == OutreachStatus.DELIVERED
                    ? Result.ALREADY : Result.REFUSED;
        }
        Instant now = clock.instant();
        row.setStatus(response.name());
        if (response == OutreachStatus.DELIVERED) {
            row.setDeliveredAt(now);
        } else {
            row.setRespondedAt(now);
        }
        row.store();
        dsl.insertInto(OUTREACH_HISTORY)
                .set(OUTREACH_HISTORY.ID, UUID.randomUUID())
                .set(OUTREACH_HISTORY.TENANT_ID, row.getTenantId())
                .set(OUTREACH_HISTORY.OUTREACH_ID, row.getId())
                .set(OUTREACH_HISTORY.STATUS, response.name())
                .set(OUTREACH_HISTORY.AT, now)
                .execute();
        if (row.getOfferCode() != null && response != OutreachStatus.DELIVERED) {
            learning.learn(row.getCustomerId(), row.getOfferCode(), response.name(), row.getId());
            if (response != OutreachStatus.CLICKED) {
                events.publishEvent(new OfferResponded(TenantContext.require(), row.getCustomerId(),
                        row.getOfferCode(), response.name(), row.getId(), now));
            }
        }
        log.info("Outreach {} {}", outreachId, response);
        return Result.RECORDED;
    }

    /**
     * Records an unsubscribe from the outreach's channel, or an objection to all direct marketing (GDPR Art. 21),
     * and publishes {@link MarketingObjected}. Repeating it changes nothing.
     *
     * @return whether the outreach exists for the current tenant
     */
    @Transactional
    boolean object(UUID outreachId, boolean allChannels) {
        OutreachRecord row = dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(outreachId)).fetchOne();
        if (row == null) {
            return false;
        }
        String channel = allChannels ? null : row.getChannel();
        boolean known = dsl.fetchExists(MARKETING_OBJECTION, MARKETING_OBJECTION.OUTREACH_ID.eq(outreachId)
                .and(channel == null ? MARKETING_OBJECTION.CHANNEL.isNull() : MARKETING_OBJECTION.CHANNEL.eq(channel)));
        if (!known) {
            Instant now = clock.instant();
            dsl.insertInto(MARKETING_OBJECTION)
                    .set(MARKETING_OBJECTION.ID, UUID.randomUUID())
                    .set(MARKETING_OBJECTION.TENANT_ID, row.getTenantId())
                    .set(MARKETING_OBJECTION.CUSTOMER_ID, row.getCustomerId())
                    .set(MARKETING_OBJECTION.CHANNEL, channel)
                    .set(MARKETING_OBJECTION.OUTREACH_ID, outreachId)
                    .set(MARKETING_OBJECTION.OBJECTED_AT, now)
                    .execute();
            events.publishEvent(new MarketingObjected(TenantContext.require(), row.getCustomerId(),
                    channel == null ? null : Channel.valueOf(channel), outreachId, now));
        }
        return true;
    }

    /** @return the outreach's language ({@code da}, {@code en}) and offer, for the response page */
    @Transactional(readOnly = true)
    Optional<OutreachRecord> find(UUID outreachId) {
        return dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(outreachId)).fetchOptional();
    }

    /** Marks offers whose response window passed without an answer as IGNORED, for every tenant. */
    @Scheduled(fixedDelayString = "${genkend.outreach.sweep-interval-ms:30000}",
            initialDelayString = "${genkend.outreach.sweep-interval-ms:30000}")
    void sweepUnanswered() {
        var due = TenantContext.callAs(null, () -> transactions.execute(status ->
                dsl.selectFrom(outreachUnanswered(clock.instant(), properties.batchSize())).fetch()));
        if (due == null) {
            return;
        }
        for (var row : due) {
            Tenant tenant = new Tenant(row.getTenantId(), row.getTenantSlug());
            try {
                TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(
                        status -> respond(row.getOutreachId(), OutreachStatus.IGNORED)));
            } catch (RuntimeException e) {
                log.warn("Outreach {} could not be marked ignored: {}", row.getOutreachId(), e.toString());
            }
        }
    }
}
