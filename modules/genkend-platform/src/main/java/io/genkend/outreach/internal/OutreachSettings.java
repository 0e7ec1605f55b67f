package io.genkend.outreach.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import static io.genkend.schema.Tables.MESSAGE_TEMPLATE;
import static io.genkend.schema.Tables.OUTREACH_SETTINGS;
import static io.genkend.schema.Tables.TENANT;

/**
 * The current tenant's outreach settings (contact policy, sender address, SMS and push provider endpoints) and its
 * notice templates (messages that present no offer), in {@code outreach_settings} and {@code message_template}.
 */
@Component
class OutreachSettings {

    private static final TypeReference<Map<String, Map<ContactPolicy.Period, Integer>>> CAPS = new TypeReference<>() { };
    private static final TypeReference<Map<Channel, Map<String, MessageTemplate>>> TEMPLATES = new TypeReference<>() { };

    private final DSLContext dsl;
    private final ObjectMapper json;

    OutreachSettings(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    /** @return the current tenant's settings, or the defaults */
    @Transactional(readOnly = true)
    Settings current() {
        return dsl.selectFrom(OUTREACH_SETTINGS).fetchOptional().map(r -> new Settings(
                new ContactPolicy(read(r.getCaps(), CAPS), r.getQuietStart(), r.getQuietEnd(),
                        r.getResponseWindowHours()),
                r.getSenderEmail(), r.getSmsUrl(), r.getPushUrl(), r.getProviderToken()))
                .orElse(new Settings(ContactPolicy.DEFAULT, null, null, null, null));
    }

    /** Replaces the current tenant's settings. */
    @Transactional
    void save(Settings settings) {
        ContactPolicy policy = settings.policy();
        // one set of values for the insert and for the update of an existing row
        Map<org.jooq.Field<?>, Object> values = new java.util.LinkedHashMap<>();
        values.put(OUTREACH_SETTINGS.CAPS, write(policy.caps()));
        values.put(OUTREACH_SETTINGS.QUIET_START, policy.quietStart());
        values.put(OUTREACH_SETTINGS.QUIET_END, policy.quietEnd());
        values.put(OUTREACH_SETTINGS.RESPONSE_WINDOW_HOURS, policy.responseWindowHours());
        values.put(OUTREACH_SETTINGS.SENDER_EMAIL, settings.senderEmail());
        values.put(OUTREACH_SETTINGS.SMS_URL, settings.smsUrl());
        values.put(OUTREACH_SETTINGS.PUSH_URL, settings.pushUrl());
        values.put(OUTREACH_SETTINGS.PROVIDER_TOKEN, settings.providerToken());
        dsl.insertInto(OUTREACH_SETTINGS)
                .set(OUTREACH_SETTINGS.TENANT_ID, TenantContext.require().id())
                .set(values)
                .onConflict(OUTREACH_SETTINGS.TENANT_ID).doUpdate()
                .set(values)
                .set(OUTREACH_SETTINGS.UPDATED_AT, Instant.now())
                .execute();
    }

    /** @return the current tenant's time zone (for customers without one) */
    @Transactional(readOnly = true)
    ZoneId tenantZone() {
        String zone = dsl.select(TENANT.TIME_ZONE).from(TENANT).where(TENANT.ID.eq(TenantContext.require().id()))
                .fetchOptional(TENANT.TIME_ZONE).orElse("Europe/Copenhagen");
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            return ZoneId.of("Europe/Copenhagen");
        }
    }

    /** @return the notice template with this key, per channel and language */
    @Transactional(readOnly = true)
    Optional<Map<Channel, Map<String, MessageTemplate>>> notice(String key) {
        return dsl.select(MESSAGE_TEMPLATE.TEMPLATES).from(MESSAGE_TEMPLATE).where(MESSAGE_TEMPLATE.KEY.eq(key))
                .fetchOptional(r -> read(r.value1(), TEMPLATES));
    }

    /** Creates or replaces a notice template. */
    @Transactional
    void saveNotice(String key, Map<Channel, Map<String, MessageTemplate>> templates) {
        dsl.insertInto(MESSAGE_TEMPLATE)
                .set(MESSAGE_TEMPLATE.TENANT_ID, TenantContext.require().id())
                .set(MESSAGE_TEMPLATE.KEY, key)
                .set(MESSAGE_TEMPLATE.TEMPLATES, write(templates))
                .onConflict(MESSAGE_TEMPLATE.TENANT_ID, MESSAGE_TEMPLATE.KEY).doUpdate()
                .set(MESSAGE_TEMPLATE.TEMPLATES, write(templates))
                .set(MESSAGE_TEMPLATE.UPDATED_AT, Instant.now())
                .execute();
    }

    private <T> T read(JSONB value, TypeReference<T> type) {
        try {
            return json.readValue(value.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JSONB write(Object value) {
        try {
            return JSONB.valueOf(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A tenant's outreach settings.
     *
     * @param policy        contact policy
     * @param senderEmail   From address of e-mail, or {@code null} for the platform's
     * @param smsUrl        the SMS provider's endpoint (POST JSON), or {@code null}: no SMS
     * @param pushUrl       the push provider's endpoint, or {@code null}: no push
     * @param providerToken bearer token for both providers, or {@code null}
     */
    record Settings(ContactPolicy policy, String senderEmail, String smsUrl, String pushUrl, String providerToken) {

        /** @return the provider endpoint for SMS or push, if configured */
        Optional<String> providerUrl(Channel channel) {
            return Optional.ofNullable(channel == Channel.SMS ? smsUrl : channel == Channel.PUSH ? pushUrl : null);
        }
    }

    /** @return a {@link LocalTime} from {@code HH:mm}, or {@code null} */
    static LocalTime time(String value) {
        return value == null || value.isBlank() ? null : LocalTime.parse(value);
    }
}
