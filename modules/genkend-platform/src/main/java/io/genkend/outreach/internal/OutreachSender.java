package io.genkend.outreach.internal;

import io.genkend.customer.Channel;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.decision.Offer;
import io.genkend.decision.OfferCatalogue;
import io.genkend.outreach.OutreachSent;
import io.genkend.schema.tables.records.OutreachRecord;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Routines.outreachDue;
import static io.genkend.schema.Tables.OUTREACH;
import static io.genkend.schema.Tables.OUTREACH_HISTORY;

/**
 * Sends due outreach from the outbox, once in effect. Every {@code poll-interval-ms} it asks the database for due
 * rows of every tenant (a SECURITY DEFINER function returns ids only) and, for each, under the row's tenant:
 * <ol>
 *   <li>claims it (a short transaction sets a lease, so another replica skips it; attempts + 1);</li>
 *   <li>unless its sent marker ({@code handed_over_at}) is set, hands it to the provider with its idempotency key
 *       and commits the marker at once;</li>
 *   <li>marks it SENT in a last transaction that also publishes {@link OutreachSent}.</li>
 * </ol>
 * A failure before the hand-over retries the send (with backoff; FAILED after {@code max-attempts}); a failure after
 * it (the marker is committed) retries only step 3, so a retried job never sends twice. The one window left, a
 * crash between the provider's acceptance and the marker's commit, is covered by the provider's idempotency key
 * (SMS, push) and, for e-mail, by the stable {@code Message-ID} that mail systems use to drop duplicates.
 * Consent is checked again before sending: a withdrawal between scheduling and sending suppresses the message.
 */
@Component
class OutreachSender {

    private static final Logger log = LoggerFactory.getLogger(OutreachSender.class);

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final ChannelGateways gateways;
    private final OutreachSettings settings;
    private final Reachability reachability;
    private final ResponseLinks links;
    private final OfferCatalogue catalogue;
    private final ObjectProvider<CustomerProfiles> profiles;
    private final ApplicationEventPublisher events;
    private final OutreachProperties properties;
    private final Clock clock;

    OutreachSender(DSLContext dsl, TransactionTemplate transactions, ChannelGateways gateways,
                   OutreachSettings settings, Reachability reachability, ResponseLinks links,
                   OfferCatalogue catalogue, ObjectProvider<CustomerProfiles> profiles,
                   ApplicationEventPublisher events, OutreachProperties properties, Clock clock) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.gateways = gateways;
        this.settings = settings;
        this.reachability = reachability;
        this.links = links;
        this.catalogue = catalogue;
        this.profiles = profiles;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Sends what is due, for every tenant. */
    @Scheduled(fixedDelayString = "${genkend.outreach.poll-interval-ms:1000}",
            initialDelayString = "${genkend.outreach.poll-interval-ms:1000}")
    void sendDue() {
        var due = TenantContext.callAs(null, () -> transactions.execute(status ->
                dsl.selectFrom(outreachDue(clock.instant(), properties.batchSize())).fetch()));
        if (due == null) {
            return;
        }
        for (var row : due) {
            Tenant tenant = new Tenant(row.getTenantId(), row.getTenantSlug());
            try {
                TenantContext.runAs(tenant, () -> send(row.getOutreachId()));
            } catch (RuntimeException e) {
                log.warn("Outreach {} of tenant {} could not be processed: {}", row.getOutreachId(), tenant.slug(),
                        e.toString());
            }
        }
    }

    /**
     * Sends one outreach of the current tenant if it is due and not claimed by another sender.
     *
     * @return whether it is SENT now
     */
    boolean send(UUID outreachId) {
        Claimed claimed = transactions.execute(status -> claim(outreachId));
        if (claimed == null) {
            return false;
        }
        OutreachSettings.Settings tenantSettings = settings.current();
        if (claimed.handedOverAt() == null) {
            try {
                if (ChannelGateways.transactional(claimed.channel())) {
                    transactions.executeWithoutResult(status -> {
                        String reference = sendQuietly(claimed, tenantSettings);
                        markHandedOver(claimed, reference);
                    });
                } else {
                    String reference = gateways.send(claimed, tenantSettings, properties.defaultFrom());
                    transactions.executeWithoutResult(status -> markHandedOver(claimed, reference));
                }
            } catch (Exception e) {
                transactions.executeWithoutResult(status -> failed(claimed, e));
                return false;
            }
        }
        try {
            transactions.executeWithoutResult(status -> markSent(claimed));
            return true;
        } catch (RuntimeException e) {
            log.warn("Outreach {} was handed over but could not be marked sent; retrying: {}", outreachId,
                    e.toString());
            transactions.executeWithoutResult(status -> retryLater(claimed.outreachId(), e, properties.retryBackoff()));
            return false;
        }
    }

    private String sendQuietly(Claimed claimed, OutreachSettings.Settings tenantSettings) {
        try {
            return gateways.send(claimed, tenantSettings, properties.defaultFrom());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Claimed claim(UUID outreachId) {
        Instant now = clock.instant();
        OutreachRecord row = dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(outreachId))
                .and(OUTREACH.STATUS.in(OutreachStatus.SCHEDULED.name(), OutreachStatus.HELD.name()))
                .and(OUTREACH.RELEASE_AT.le(now))
                .and(OUTREACH.CLAIMED_UNTIL.isNull().or(OUTREACH.CLAIMED_UNTIL.lt(now)))
                .forUpdate().skipLocked().fetchOne();
        if (row == null) {
            return null;
        }
        if (row.getHandedOverAt() == null) {
            // Consent may have been withdrawn since the outreach was scheduled.
            String blocked = stillBlocked(row);
            if (blocked != null) {
                move(row, OutreachStatus.SUPPRESSED, blocked, now);
                return null;
            }
        }
        row.setClaimedUntil(now.plus(properties.claimLease()));
        row.setAttempts(row.getAttempts() + 1);
        row.store();
        Tenant tenant = TenantContext.require();
        return new Claimed(tenant.id(), row.getId(), row.getCustomerId(), Channel.valueOf(row.getChannel()),
                row.getRecipient(), row.getSubject(), row.getBodyText(), row.getBodyHtml(), row.getMessageId(),
                row.getOfferCode(), row.getTransactional(), row.getAttempts(), row.getHandedOverAt(),
                row.getTransactional() ? null
                        : links.url(tenant.id(), row.getId(), ResponseLinks.Action.UNSUBSCRIBE));
    }

    private String stillBlocked(OutreachRecord row) {
        CustomerProfiles available = profiles.getIfAvailable();
        Optional<CustomerProfile> customer = available == null ? Optional.empty()
                : available.find(row.getCustomerId());
        if (customer.isEmpty()) {
            return "customer profile unknown at sending";
        }
        String blocked = reachability.blocked(customer.get(), Channel.valueOf(row.getChannel()),
                row.getTransactional(), settings.current());
        return blocked == null ? null : blocked + " at sending";
    }

    private void markHandedOver(Claimed claimed, String reference) {
        dsl.update(OUTREACH).set(OUTREACH.HANDED_OVER_AT, clock.instant())
                .set(OUTREACH.PROVIDER_REFERENCE, reference)
                .where(OUTREACH.ID.eq(claimed.outreachId())).execute();
    }

    private void markSent(Claimed claimed) {
        OutreachRecord row = dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(claimed.outreachId())).forUpdate()
                .fetchOne();
        OutreachStatus status = OutreachStatus.valueOf(row.getStatus());
        if (!status.mayMoveTo(OutreachStatus.SENT)) {
            return;
        }
        Instant now = clock.instant();
        row.setSentAt(now);
        row.setClaimedUntil(null);
        row.setLastError(null);
        if (row.getOfferCode() != null) {
            Integer own = catalogue.find(row.getOfferCode()).map(Offer::responseWindowHours).orElse(null);
            int hours = own != null ? own : settings.current().policy().responseWindowHours();
            row.setRespondBy(now.plus(Duration.ofHours(hours)));
        }
        move(row, OutreachStatus.SENT, null, now);
        events.publishEvent(new OutreachSent(TenantContext.require(), row.getId(), row.getCustomerId(),
                claimed.channel(), row.getOfferCode(), now));
    }

    private void failed(Claimed claimed, Exception e) {
        OutreachRecord row = dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(claimed.outreachId())).forUpdate()
                .fetchOne();
        if (row == null || !OutreachStatus.valueOf(row.getStatus()).awaitsSending()) {
            return;
        }
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (row.getAttempts() >= properties.maxAttempts()) {
            row.setClaimedUntil(null);
            row.setLastError(error);
            move(row, OutreachStatus.FAILED, "gave up after " + row.getAttempts() + " attempts: " + error,
                    clock.instant());
            log.warn("Outreach {} failed for good: {}", row.getId(), error);
        } else {
            long factor = 1L << Math.min(row.getAttempts() - 1, 10);
            Duration backoff = properties.retryBackoff().multipliedBy(factor);
            retryLater(row.getId(), e, backoff.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : backoff);
            log.info("Outreach {} attempt {} failed, retrying: {}", row.getId(), row.getAttempts(), error);
        }
    }

    private void retryLater(UUID outreachId, Exception e, Duration backoff) {
        dsl.update(OUTREACH).set(OUTREACH.CLAIMED_UNTIL, clock.instant().plus(backoff))
                .set(OUTREACH.LAST_ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                .where(OUTREACH.ID.eq(outreachId)).execute();
    }

    private void move(OutreachRecord row, OutreachStatus next, String reason, Instant at) {
        row.setStatus(next.name());
        if (reason != null) {
            row.setReason(reason);
        }
        row.store();
        dsl.insertInto(OUTREACH_HISTORY)
                .set(OUTREACH_HISTORY.ID, UUID.randomUUID())
                .set(OUTREACH_HISTORY.TENANT_ID, row.getTenantId())
                .set(OUTREACH_HISTORY.OUTREACH_ID, row.getId())
                .set(OUTREACH_HISTORY.STATUS, next.name())
                .set(OUTREACH_HISTORY.REASON, reason)
                .set(OUTREACH_HISTORY.AT, at)
                .execute();
    }

    /**
     * An outreach claimed for sending, with everything the provider needs.
     *
     * @param tenantId       the tenant
     * @param outreachId     the outreach
     * @param customerId     the customer
     * @param channel        the channel
     * @param recipient      address on the channel
     * @param subject        subject or title, or {@code null}
     * @param text           text body
     * @param html           HTML body, or {@code null}
     * @param messageId      the idempotency key: the e-mail's Message-ID and the provider's Idempotency-Key
     * @param offerCode      the offer, or {@code null}
     * @param transactional  whether it is transactional
     * @param attempt        this attempt's number, from 1
     * @param handedOverAt   the sent marker, or {@code null}
     * @param unsubscribeUrl signed unsubscribe link for a marketing message, or {@code null}
     */
    record Claimed(UUID tenantId, UUID outreachId, UUID customerId, Channel channel, String recipient, String subject,
                   String text, String html, String messageId, String offerCode, boolean transactional, int attempt,
                   Instant handedOverAt, String unsubscribeUrl) {
    }
}
