package io.genkend.outreach.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.decision.Offer;
import io.genkend.decision.Offer.MessageTemplate;
import io.genkend.decision.OfferCatalogue;
import io.genkend.outreach.MessagePreview;
import io.genkend.outreach.OutreachLog;
import io.genkend.outreach.OutreachOutcome;
import io.genkend.outreach.OutreachRequest;
import io.genkend.outreach.Outreaches;
import io.genkend.schema.tables.records.OutreachRecord;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.OUTREACH;
import static io.genkend.schema.Tables.OUTREACH_HISTORY;

/**
 * Decides what becomes of an outreach request, in the caller's transaction (the journey step's): the channel by
 * the request's (or offer's) order, the customer's preferred channel (trait {@code preferredChannel}) first,
 * consent, objections and reachability; then the contact policy: quiet hours hold a marketing message until they
 * end, caps (counted atomically in Redis in the customer's zone) record it as capped. The message is rendered now
 * and written, with its signed links, to the outbox table {@code outreach}; {@link OutreachSender} sends it after
 * commit. Capped and suppressed outreach is recorded too, with its reason. A repeated idempotency key returns the
 * first outcome and writes nothing.
 */
@Service
class OutreachScheduler implements Outreaches, OutreachLog, MessagePreview {

    private static final Logger log = LoggerFactory.getLogger(OutreachScheduler.class);
    private static final List<Channel> DEFAULT_CHANNELS = List.of(Channel.EMAIL, Channel.SMS, Channel.PUSH,
            Channel.IN_APP);

    private final ObjectProvider<CustomerProfiles> profiles;
    private final OfferCatalogue catalogue;
    private final OutreachSettings settings;
    private final Reachability reachability;
    private final FrequencyCaps caps;
    private final MessageRenderer renderer;
    private final ResponseLinks links;
    private final OutreachProperties properties;
    private final DSLContext dsl;
    private final ObjectMapper json;
    private final Clock clock;

    OutreachScheduler(ObjectProvider<CustomerProfiles> profiles, OfferCatalogue catalogue, OutreachSettings settings,
                      Reachability reachability, FrequencyCaps caps, MessageRenderer renderer, ResponseLinks links,
                      OutreachProperties properties, DSLContext dsl, ObjectMapper json, Clock clock) {
        this.profiles = profiles;
        this.catalogue = catalogue;
        this.settings = settings;
        this.reachability = reachability;
        this.caps = caps;
        this.renderer = renderer;
        this.links = links;
        this.properties = properties;
        this.dsl = dsl;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional
    public OutreachOutcome schedule(OutreachRequest request) {
        if (request == null || request.customerId() == null) {
            throw new IllegalArgumentException("An outreach needs a customer");
        }
        Tenant tenant = TenantContext.require();
        if (request.idempotencyKey() != null) {
            Optional<OutreachRecord> existing = byKey(request.idempotencyKey());
            if (existing.isPresent()) {
                return outcome(existing.get());
            }
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        OutreachSettings.Settings tenantSettings = settings.current();
        Draft draft = new Draft(id, request, now);

        Optional<Offer> offer = request.offerCode() == null ? Optional.empty() : catalogue.find(request.offerCode());
        if (request.offerCode() != null && offer.isEmpty()) {
            return draft.record(OutreachStatus.SUPPRESSED, "no offer " + request.offerCode() + " in the catalogue");
        }
        CustomerProfiles available = profiles.getIfAvailable();
        Optional<CustomerProfile> found = available == null ? Optional.empty() : available.find(request.customerId());
        if (found.isEmpty()) {
            return draft.record(OutreachStatus.SUPPRESSED, "customer profile unknown");
        }
        CustomerProfile customer = found.get();
        Map<Channel, Map<String, MessageTemplate>> notice = request.template() == null ? null
                : settings.notice(request.template()).orElse(null);
        String language = language(customer);

        List<String> reasons = new ArrayList<>();
        Channel channel = null;
        MessageTemplate template = null;
        for (Channel candidate : channels(request, offer, customer)) {
            String blocked = reachability.blocked(customer, candidate, request.transactional(), tenantSettings);
            Optional<MessageTemplate> found2 = template(notice, offer, request, candidate, language);
            if (blocked == null && found2.isEmpty()) {
                blocked = "no template for " + candidate;
            }
            if (blocked == null) {
                channel = candidate;
                template = found2.get();
                break;
            }
            reasons.add(blocked);
        }
        draft.language = language;
        if (channel == null) {
            return draft.record(OutreachStatus.SUPPRESSED, reasons.isEmpty() ? "no channel" : String.join("; ", reasons));
        }
        draft.channel = channel;
        draft.recipient = Reachability.recipient(customer, channel);

        ContactPolicy policy = tenantSettings.policy();
        ZoneId zone = zone(customer);
        Instant release = request.transactional() ? now : policy.releaseAt(now, zone);
        List<ContactPolicy.Counter> counters = request.transactional() ? List.of()
                : policy.counters(channel, release, zone);
        ContactPolicy.Counter full = caps.take(tenant.id(), customer.id(), counters, now);
        if (full != null) {
            return draft.record(OutreachStatus.CAPPED, "cap of " + full.limit() + " per " + full.period()
                    + (full.scope().equals("ALL") ? " over all channels" : " on " + full.scope())
                    + " reached (" + full.key().substring(full.key().lastIndexOf(':') + 1) + ", " + zone + ")");
        }

        Map<String, Object> variables = variables(tenant, id, customer, offer, request.variables(), channel);
        MessageRenderer.Rendered rendered;
        try {
            rendered = renderer.render(template, channel, language, variables, !request.transactional());
        } catch (RuntimeException e) {
            // A broken template is the tenant's configuration error: record it rather than fail the journey.
            caps.giveBack(tenant.id(), customer.id(), counters);
            return draft.record(OutreachStatus.SUPPRESSED, "the " + channel + " template could not be rendered: "
                    + e.getMessage());
        }
        draft.rendered = rendered;
        draft.releaseAt = release;
        OutreachOutcome outcome = release.isAfter(now)
                ? draft.record(OutreachStatus.HELD, "quiet hours until "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT).format(release.atZone(zone)))
                : draft.record(OutreachStatus.SCHEDULED, null);
        if (!id.equals(outcome.outreachId())) {
            caps.giveBack(tenant.id(), customer.id(), counters);
        }
        return outcome;
    }

    /**
     * Renders as {@link #schedule} does for an offer (its template for the channel in the language, the same
     * variables, the marketing footer), with links signed for an outreach id that is never stored, so they lead
     * nowhere; writes nothing and takes no cap.
     */
    @Override
    @Transactional(readOnly = true)
    public Preview preview(UUID customerId, String offerCode, Channel channel, String language,
                           Map<String, Object> event) {
        Tenant tenant = TenantContext.require();
        Offer offer = catalogue.find(offerCode)
                .orElseThrow(() -> new java.util.NoSuchElementException("No offer " + offerCode));
        CustomerProfiles available = profiles.getIfAvailable();
        CustomerProfile customer = (available == null ? Optional.<CustomerProfile>empty() : available.find(customerId))
                .orElseThrow(() -> new java.util.NoSuchElementException("No customer " + customerId));
        String lang = language == null || language.isBlank() ? language(customer)
                : language.toLowerCase(Locale.ROOT).startsWith("da") ? "da" : "en";
        String recipient = Reachability.recipient(customer, channel);
        String blocked = reachability.blocked(customer, channel, false, settings.current());
        Optional<MessageTemplate> template = offer.template(channel, lang);
        if (template.isEmpty()) {
            return new Preview(channel, lang, recipient, null, null, null, "no template for " + channel, blocked);
        }
        Map<String, Object> variables = variables(tenant, UUID.randomUUID(), customer, Optional.of(offer), event,
                channel);
        try {
            MessageRenderer.Rendered rendered = renderer.render(template.get(), channel, lang, variables, true);
            return new Preview(channel, lang, recipient, rendered.subject(), rendered.text(), rendered.html(), null,
                    blocked);
        } catch (RuntimeException e) {
            return new Preview(channel, lang, recipient, null, null, null, "the " + channel
                    + " template could not be rendered: " + e.getMessage(), blocked);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public List<OutreachSummary> forCustomer(UUID customerId, int limit) {
        return dsl.selectFrom(OUTREACH).where(OUTREACH.CUSTOMER_ID.eq(customerId))
                .orderBy(OUTREACH.CREATED_AT.desc()).limit(Math.max(1, Math.min(limit, 500)))
                .fetch(OutreachScheduler::summary);
    }

    /** @return the current tenant's outreach with this id, as a summary */
    @Transactional(readOnly = true)
    Optional<OutreachSummary> summary(UUID id) {
        return dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(id)).fetchOptional(OutreachScheduler::summary);
    }

    /** @return the outreach as the timeline and the API show it */
    static OutreachSummary summary(OutreachRecord r) {
        return new OutreachSummary(r.getId(), r.getOfferCode(), r.getTemplate(),
                r.getChannel() == null ? null : Channel.valueOf(r.getChannel()), r.getStatus(), r.getReason(),
                r.getCreatedAt(), r.getReleaseAt(), r.getSentAt(), r.getRespondedAt());
    }

    private Optional<OutreachRecord> byKey(String key) {
        return dsl.selectFrom(OUTREACH).where(OUTREACH.IDEMPOTENCY_KEY.eq(key)).fetchOptional();
    }

    private static OutreachOutcome outcome(OutreachRecord r) {
        String status = r.getStatus();
        // After sending, the outcome of the scheduling step was SCHEDULED or HELD.
        if (!status.equals("CAPPED") && !status.equals("SUPPRESSED") && !status.equals("HELD")) {
            status = "SCHEDULED";
        }
        return new OutreachOutcome(r.getId(), r.getChannel() == null ? null : Channel.valueOf(r.getChannel()),
                status, r.getReason());
    }

    private static List<Channel> channels(OutreachRequest request, Optional<Offer> offer, CustomerProfile customer) {
        List<Channel> channels = new ArrayList<>(request.channels() != null && !request.channels().isEmpty()
                ? request.channels() : offer.map(Offer::channels).orElse(DEFAULT_CHANNELS));
        Object preferred = customer.traits() == null ? null : customer.traits().get("preferredChannel");
        if (preferred != null) {
            try {
                Channel channel = Channel.valueOf(preferred.toString().toUpperCase(Locale.ROOT).replace('-', '_'));
                if (channels.remove(channel)) {
                    channels.add(0, channel);
                }
            } catch (IllegalArgumentException ignored) {
                // an unknown preference is no preference
            }
        }
        return channels;
    }

    private static Optional<MessageTemplate> template(Map<Channel, Map<String, MessageTemplate>> notice,
                                                      Optional<Offer> offer, OutreachRequest request,
                                                      Channel channel, String language) {
        if (notice != null) {
            Map<String, MessageTemplate> byLanguage = notice.get(channel);
            if (byLanguage != null && !byLanguage.isEmpty()) {
                MessageTemplate t = byLanguage.getOrDefault(language, byLanguage.get("en"));
                return Optional.of(t != null ? t : byLanguage.values().iterator().next());
            }
            return Optional.empty();
        }
        if (offer.isPresent()) {
            return offer.get().template(channel, language);
        }
        Object text = request.variables() == null ? null : request.variables().get("text");
        if (text != null) {
            Object subject = request.variables().get("subject");
            return Optional.of(new MessageTemplate(subject == null ? null : "[[${event.subject}]]",
                    "[[${event.text}]]", null));
        }
        return Optional.empty();
    }

    private String language(CustomerProfile customer) {
        String locale = customer.locale();
        if (locale == null || locale.isBlank()) {
            return properties.defaultLanguage();
        }
        return locale.toLowerCase(Locale.ROOT).startsWith("da") ? "da" : "en";
    }

    private ZoneId zone(CustomerProfile customer) {
        if (customer.timeZone() != null) {
            try {
                return ZoneId.of(customer.timeZone());
            } catch (RuntimeException e) {
                log.debug("Customer {} has an unknown time zone {}", customer.id(), customer.timeZone());
            }
        }
        return settings.tenantZone();
    }

    private Map<String, Object> variables(Tenant tenant, UUID id, CustomerProfile customer, Optional<Offer> offer,
                                          Map<String, Object> event, Channel channel) {
        Map<String, Object> traits = customer.traits() == null ? Map.of() : customer.traits();
        Map<String, Object> person = new HashMap<>();
        person.put("id", customer.id().toString());
        person.put("email", customer.email());
        person.put("phone", customer.phone());
        person.put("traits", traits);
        Object first = traits.getOrDefault("firstName", traits.get("first_name"));
        if (first == null && traits.get("name") != null) {
            first = traits.get("name").toString().split("\\s+")[0];
        }
        person.put("firstName", first);
        Map<String, Object> offerVariables = new HashMap<>();
        offer.ifPresent(o -> {
            offerVariables.put("code", o.code());
            offerVariables.put("name", o.name());
            offerVariables.put("category", o.category());
            offerVariables.put("value", o.value().stripTrailingZeros().toPlainString());
        });
        Map<String, String> linkUrls = new LinkedHashMap<>();
        for (ResponseLinks.Action action : ResponseLinks.Action.values()) {
            linkUrls.put(action.name().toLowerCase(Locale.ROOT), links.url(tenant.id(), id, action));
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("customer", person);
        variables.put("offer", offerVariables);
        variables.put("event", event == null ? Map.of() : event);
        variables.put("links", linkUrls);
        variables.put("channel", channel.name());
        return variables;
    }

    /** An outreach being decided: what is known so far, and how to record it. */
    private final class Draft {
        private final UUID id;
        private final OutreachRequest request;
        private final Instant now;
        private Channel channel;
        private String language;
        private String recipient;
        private MessageRenderer.Rendered rendered;
        private Instant releaseAt;

        private Draft(UUID id, OutreachRequest request, Instant now) {
            this.id = id;
            this.request = request;
            this.now = now;
        }

        /** Writes the outreach (unless its idempotency key was taken meanwhile) and its first history entry. */
        private OutreachOutcome record(OutreachStatus status, String reason) {
            Tenant tenant = TenantContext.require();
            int inserted = dsl.insertInto(OUTREACH)
                    .set(OUTREACH.ID, id)
                    .set(OUTREACH.TENANT_ID, tenant.id())
                    .set(OUTREACH.CUSTOMER_ID, request.customerId())
                    .set(OUTREACH.OFFER_CODE, request.offerCode())
                    .set(OUTREACH.DECISION_ID, request.decisionId())
                    .set(OUTREACH.TEMPLATE, request.template())
                    .set(OUTREACH.CHANNEL, channel == null ? null : channel.name())
                    .set(OUTREACH.LANGUAGE, language)
                    .set(OUTREACH.TRANSACTIONAL, request.transactional())
                    .set(OUTREACH.STATUS, status.name())
                    .set(OUTREACH.REASON, reason)
                    .set(OUTREACH.RECIPIENT, recipient)
                    .set(OUTREACH.SUBJECT, rendered == null ? null : rendered.subject())
                    .set(OUTREACH.BODY_TEXT, rendered == null ? null : rendered.text())
                    .set(OUTREACH.BODY_HTML, rendered == null ? null : rendered.html())
                    .set(OUTREACH.VARIABLES, JSONB.valueOf(write(request.variables() == null ? Map.of()
                            : request.variables())))
                    .set(OUTREACH.JOURNEY_INSTANCE_ID, request.journeyInstanceId())
                    .set(OUTREACH.IDEMPOTENCY_KEY, request.idempotencyKey())
                    .set(OUTREACH.MESSAGE_ID, "<" + id + "@genkend>")
                    .set(OUTREACH.RELEASE_AT, releaseAt)
                    .set(OUTREACH.CREATED_AT, now)
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 0) {
                return outcome(byKey(request.idempotencyKey()).orElseThrow());
            }
            dsl.insertInto(OUTREACH_HISTORY)
                    .set(OUTREACH_HISTORY.ID, UUID.randomUUID())
                    .set(OUTREACH_HISTORY.TENANT_ID, tenant.id())
                    .set(OUTREACH_HISTORY.OUTREACH_ID, id)
                    .set(OUTREACH_HISTORY.STATUS, status.name())
                    .set(OUTREACH_HISTORY.REASON, reason)
                    .set(OUTREACH_HISTORY.AT, now)
                    .execute();
            if (status != OutreachStatus.SCHEDULED) {
                log.info("Outreach {} for customer {} {}: {}", id, request.customerId(), status, reason);
            }
            return new OutreachOutcome(id, channel, status.name(), reason);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Outreach variables must be JSON values", e);
        }
    }
}
