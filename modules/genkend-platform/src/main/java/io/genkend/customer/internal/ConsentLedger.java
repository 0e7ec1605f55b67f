package io.genkend.customer.internal;

import io.genkend.customer.Channel;
import io.genkend.customer.Consent;
import io.genkend.customer.ConsentStatus;
import io.genkend.customer.Consents;
import io.genkend.customer.Purpose;
import io.genkend.customer.TimelineContributor;
import io.genkend.customer.TimelineEntry;
import io.genkend.schema.tables.records.CustomerConsentRecord;
import io.genkend.tenancy.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.CUSTOMER_CONSENT;

/**
 * The consent ledger: one row per decision, never updated (proof under GDPR Art. 7(1)); the current state of a
 * purpose and channel is its newest row, and no row means not granted (so marketing is denied until granted).
 */
@Service
@Transactional
class ConsentLedger implements Consents, TimelineContributor {

    private final DSLContext dsl;

    ConsentLedger(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean isGranted(UUID customerId, Purpose purpose, Channel channel) {
        return dsl.select(CUSTOMER_CONSENT.STATUS).from(CUSTOMER_CONSENT)
                .where(CUSTOMER_CONSENT.CUSTOMER_ID.eq(customerId), CUSTOMER_CONSENT.PURPOSE.eq(purpose.name()),
                        CUSTOMER_CONSENT.CHANNEL.eq(channel.name()))
                .orderBy(CUSTOMER_CONSENT.RECORDED_AT.desc(), CUSTOMER_CONSENT.ID.desc()).limit(1)
                .fetchOptional(CUSTOMER_CONSENT.STATUS)
                .map(status -> ConsentStatus.valueOf(status).allows()).orElse(false);
    }

    @Override
    public int withdraw(UUID customerId, Purpose purpose, Channel channel, Instant at, String source) {
        List<Consent> withdrawals = new ArrayList<>();
        for (Channel each : channel == null ? Channel.values() : new Channel[] {channel}) {
            if (isGranted(customerId, purpose, each)) {
                withdrawals.add(new Consent(purpose, each, ConsentStatus.WITHDRAWN, at, source, null));
            }
        }
        record(customerId, withdrawals);
        return withdrawals.size();
    }

    /** Appends decisions to the ledger. */
    void record(UUID customerId, List<Consent> consents) {
        for (Consent consent : consents) {
            dsl.insertInto(CUSTOMER_CONSENT)
                    .set(CUSTOMER_CONSENT.ID, UUID.randomUUID())
                    .set(CUSTOMER_CONSENT.TENANT_ID, TenantContext.require().id())
                    .set(CUSTOMER_CONSENT.CUSTOMER_ID, customerId)
                    .set(CUSTOMER_CONSENT.PURPOSE, consent.purpose().name())
                    .set(CUSTOMER_CONSENT.CHANNEL, consent.channel().name())
                    .set(CUSTOMER_CONSENT.STATUS, consent.status().name())
                    .set(CUSTOMER_CONSENT.RECORDED_AT, consent.recordedAt())
                    .set(CUSTOMER_CONSENT.SOURCE, consent.source())
                    .set(CUSTOMER_CONSENT.WORDING_VERSION, consent.wordingVersion())
                    .execute();
        }
    }

    /** @return the newest decision per purpose and channel that has one */
    @Transactional(readOnly = true)
    List<Consent> current(UUID customerId) {
        return dsl.select(CUSTOMER_CONSENT.fields()).distinctOn(CUSTOMER_CONSENT.PURPOSE, CUSTOMER_CONSENT.CHANNEL)
                .from(CUSTOMER_CONSENT).where(CUSTOMER_CONSENT.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_CONSENT.PURPOSE, CUSTOMER_CONSENT.CHANNEL, CUSTOMER_CONSENT.RECORDED_AT.desc(),
                        CUSTOMER_CONSENT.ID.desc())
                .fetchInto(CUSTOMER_CONSENT).map(ConsentLedger::toConsent);
    }

    /** @return every decision, oldest first (the proof) */
    @Transactional(readOnly = true)
    List<Consent> history(UUID customerId) {
        return dsl.selectFrom(CUSTOMER_CONSENT).where(CUSTOMER_CONSENT.CUSTOMER_ID.eq(customerId))
                .orderBy(CUSTOMER_CONSENT.RECORDED_AT, CUSTOMER_CONSENT.ID).fetch(ConsentLedger::toConsent);
    }

    /** Moves the ledger of a merged profile to the profile that remains. */
    void move(UUID from, UUID into) {
        dsl.update(CUSTOMER_CONSENT).set(CUSTOMER_CONSENT.CUSTOMER_ID, into)
                .where(CUSTOMER_CONSENT.CUSTOMER_ID.eq(from)).execute();
    }

    void erase(UUID customerId) {
        dsl.deleteFrom(CUSTOMER_CONSENT).where(CUSTOMER_CONSENT.CUSTOMER_ID.eq(customerId)).execute();
    }

    @Override
    @Transactional(readOnly = true)
    public List<TimelineEntry> entries(UUID customerId, Instant before, String beforeKey, int limit) {
        Condition older = DSL.noCondition();
        if (before != null) {
            older = CUSTOMER_CONSENT.RECORDED_AT.lt(before).or(CUSTOMER_CONSENT.RECORDED_AT.eq(before)
                    .and(DSL.concat(DSL.inline("consent:"), CUSTOMER_CONSENT.ID.cast(SQLDataType.VARCHAR))
                            .collate("C").lt(DSL.val(beforeKey).collate("C"))));
        }
        return dsl.selectFrom(CUSTOMER_CONSENT).where(CUSTOMER_CONSENT.CUSTOMER_ID.eq(customerId), older)
                .orderBy(CUSTOMER_CONSENT.RECORDED_AT.desc(), CUSTOMER_CONSENT.ID.desc()).limit(limit)
                .fetch(r -> {
                    Consent c = toConsent(r);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("purpose", c.purpose().name().toLowerCase(Locale.ROOT));
                    details.put("channel", channelName(c.channel()));
                    details.put("status", c.status().name().toLowerCase(Locale.ROOT));
                    details.put("source", c.source());
                    if (c.wordingVersion() != null) {
                        details.put("wordingVersion", c.wordingVersion());
                    }
                    return new TimelineEntry(c.recordedAt(), r.getId().toString(), "consent",
                            details.get("purpose") + "/" + details.get("channel") + " " + details.get("status"),
                            details);
                });
    }

    /**
     * Reads the consent trait shape of {@code identify} (documented in docs/events.md):
     * {@code {"version": "v3", "source": "signup-form", "marketing": {"email": "granted", "sms": "denied"}}}.
     *
     * @param field  the path of the value, for messages ({@code traits.consent})
     * @param at     when the customer decided
     * @param source the default source
     * @throws IllegalArgumentException naming the offending field
     */
    static List<Consent> parseTrait(String field, Object value, Instant at, String source) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(field + ": must be an object of purposes");
        }
        String version = optionalText(field + ".version", map.get("version"));
        String ownSource = optionalText(field + ".source", map.get("source"));
        List<Consent> consents = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.equals("version") || key.equals("source")) {
                continue;
            }
            Purpose purpose = parsePurpose(field + "." + key, key);
            if (!(entry.getValue() instanceof Map<?, ?> channels)) {
                throw new IllegalArgumentException(field + "." + key + ": must be an object of channels");
            }
            for (Map.Entry<?, ?> channelEntry : channels.entrySet()) {
                String path = field + "." + key + "." + channelEntry.getKey();
                Channel channel = parseChannel(path, String.valueOf(channelEntry.getKey()));
                if (!(channelEntry.getValue() instanceof String status)) {
                    throw new IllegalArgumentException(path + ": must be granted, denied or withdrawn");
                }
                consents.add(new Consent(purpose, channel, parseStatus(path, status), at,
                        ownSource != null ? ownSource : source, version));
            }
        }
        return consents;
    }

    static Purpose parsePurpose(String field, String text) {
        try {
            return Purpose.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown purpose '" + text
                    + "' (marketing, profiling, service)");
        }
    }

    static Channel parseChannel(String field, String text) {
        String normal = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Channel.valueOf(normal.equals("INAPP") ? "IN_APP" : normal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown channel '" + text
                    + "' (email, sms, push, in-app, webhook)");
        }
    }

    static ConsentStatus parseStatus(String field, String text) {
        try {
            return ConsentStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": must be granted, denied or withdrawn");
        }
    }

    static String channelName(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String optionalText(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        return text;
    }

    private static Consent toConsent(CustomerConsentRecord r) {
        return new Consent(Purpose.valueOf(r.getPurpose()), Channel.valueOf(r.getChannel()),
                ConsentStatus.valueOf(r.getStatus()), r.getRecordedAt(), r.getSource(), r.getWordingVersion());
    }
}
