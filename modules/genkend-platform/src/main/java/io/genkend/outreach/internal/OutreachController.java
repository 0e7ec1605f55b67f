package io.genkend.outreach.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;
import io.genkend.outreach.ContactPolicies;
import io.genkend.outreach.ContactPolicyInvalidException;
import io.genkend.outreach.OutreachLog.OutreachSummary;
import io.genkend.outreach.OutreachOutcome;
import io.genkend.outreach.OutreachRequest;
import io.genkend.schema.tables.records.OutreachRecord;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.OUTREACH;
import static io.genkend.schema.Tables.OUTREACH_HISTORY;

/**
 * {@code /api/v1/outreach}: outreach of the calling tenant. Schedule one ({@code POST}), list a customer's
 * ({@code GET ?customerId=}), read one with its history, record a customer's response from the tenant's app
 * ({@code POST /{id}/responses}) or a provider's delivery report ({@code POST /{id}/delivery}), read a customer's
 * in-app inbox ({@code GET /inbox/{customerId}}), and manage the contact policy ({@code /settings}) and notice
 * templates ({@code /templates/{key}}). Another tenant's outreach is 404.
 */
@RestController
@RequestMapping("/api/v1/outreach")
class OutreachController {

    private final OutreachScheduler scheduler;
    private final OutreachResponses responses;
    private final OutreachSettings settings;
    private final ContactPolicies policies;
    private final DSLContext dsl;
    /** Reads the settings body strictly: an unknown property is refused, not ignored. */
    private final com.fasterxml.jackson.databind.ObjectReader settingsReader;

    OutreachController(OutreachScheduler scheduler, OutreachResponses responses, OutreachSettings settings,
                       ContactPolicies policies, DSLContext dsl, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.settingsReader = json.readerFor(SettingsBody.class)
                .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.scheduler = scheduler;
        this.responses = responses;
        this.settings = settings;
        this.policies = policies;
        this.dsl = dsl;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OutreachOutcome schedule(@RequestBody OutreachRequest request) {
        if (request.customerId() == null) {
            throw ProblemTypes.validation("customerId is required.",
                    List.of(Map.of("field", "customerId", "message", "must not be null")));
        }
        return scheduler.schedule(request);
    }

    @GetMapping
    List<OutreachSummary> list(@RequestParam UUID customerId, @RequestParam(defaultValue = "50") int limit) {
        return scheduler.forCustomer(customerId, limit);
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    OutreachDetail get(@PathVariable UUID id) {
        OutreachRecord row = dsl.selectFrom(OUTREACH).where(OUTREACH.ID.eq(id)).fetchOptional()
                .orElseThrow(() -> notFound(id));
        List<HistoryEntry> history = dsl.selectFrom(OUTREACH_HISTORY).where(OUTREACH_HISTORY.OUTREACH_ID.eq(id))
                .orderBy(OUTREACH_HISTORY.AT, OUTREACH_HISTORY.ID)
                .fetch(h -> new HistoryEntry(h.getStatus(), h.getReason(), h.getAt()));
        return new OutreachDetail(OutreachScheduler.summary(row), row.getCustomerId(), row.getRecipient(),
                row.getSubject(), row.getBodyText(), row.getAttempts(), row.getLastError(), row.getRespondBy(),
                history);
    }

    @PostMapping("/{id}/responses")
    OutreachSummary respond(@PathVariable UUID id, @RequestBody ResponseBody body) {
        OutreachStatus response = parse(body.response(), List.of("ACCEPTED", "DECLINED", "CLICKED"), "response");
        return answer(id, response);
    }

    @PostMapping("/{id}/delivery")
    OutreachSummary delivered(@PathVariable UUID id) {
        return answer(id, OutreachStatus.DELIVERED);
    }

    @GetMapping("/inbox/{customerId}")
    @Transactional
    List<InboxItem> inbox(@PathVariable UUID customerId) {
        List<OutreachRecord> rows = dsl.selectFrom(OUTREACH).where(OUTREACH.CUSTOMER_ID.eq(customerId))
                .and(OUTREACH.CHANNEL.eq(Channel.IN_APP.name()))
                .and(OUTREACH.SENT_AT.isNotNull())
                .orderBy(OUTREACH.SENT_AT.desc()).limit(100).fetch();
        List<InboxItem> items = new ArrayList<>();
        for (OutreachRecord row : rows) {
            if (OutreachStatus.SENT.name().equals(row.getStatus())) {
                responses.respond(row.getId(), OutreachStatus.DELIVERED);
            }
            items.add(new InboxItem(row.getId(), row.getOfferCode(), row.getSubject(), row.getBodyText(),
                    row.getSentAt(), row.getStatus().equals("SENT") ? "DELIVERED" : row.getStatus()));
        }
        return items;
    }

    @GetMapping("/settings")
    SettingsBody settings() {
        return SettingsBody.of(policies.current());
    }

    /**
     * Replaces the whole contact policy and provider settings (an omitted optional part is cleared). The same
     * checks as the contact-policy page's (through {@link ContactPolicies#save}), as problem+json with field names
     * of this body ({@code quietHours.start}). An unknown property, a value of the wrong type and a missing
     * {@code caps} (give {@code {}} for no caps) are 400 naming the field, so that a typo never wipes the caps.
     */
    @PutMapping("/settings")
    SettingsBody saveSettings(@RequestBody com.fasterxml.jackson.databind.JsonNode tree) {
        SettingsBody body;
        try {
            body = settingsReader.readValue(tree);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw ProblemTypes.json(e);
        } catch (java.io.IOException e) {
            throw ProblemTypes.problem(HttpStatus.BAD_REQUEST, "malformed", "The body is not a settings object.");
        }
        if (body == null || body.caps() == null) {
            throw ProblemTypes.validation("caps is required; give {} for no caps.",
                    List.of(Map.of("field", "caps", "message", "must be given ({} for no caps)")));
        }
        try {
            return SettingsBody.of(policies.save(body.toSettings()));
        } catch (ContactPolicyInvalidException e) {
            throw ProblemTypes.validation(e.getMessage(), e.errors().stream()
                    .map(error -> Map.of("field", bodyField(error.get("field")), "message", error.get("message")))
                    .toList());
        }
    }

    /** @return the field name of this body for a {@link ContactPolicies} field ({@code quietStart}) */
    private static String bodyField(String field) {
        return field == null ? "" : switch (field) {
            case "quietStart" -> "quietHours.start";
            case "quietEnd" -> "quietHours.end";
            default -> field;
        };
    }

    @PutMapping("/templates/{key}")
    Map<Channel, Map<String, MessageTemplate>> saveTemplate(@PathVariable String key,
                                                            @RequestBody Map<Channel, Map<String, MessageTemplate>> body) {
        if (!key.matches("^[a-z0-9][a-z0-9._-]{0,62}$") || body.isEmpty()) {
            throw ProblemTypes.validation("A template needs a key of [a-z0-9._-] and at least one channel.",
                    List.of(Map.of("field", "key", "message", "must match ^[a-z0-9][a-z0-9._-]{0,62}$ with a body")));
        }
        settings.saveNotice(key, body);
        return body;
    }

    private OutreachSummary answer(UUID id, OutreachStatus response) {
        OutreachResponses.Result result = responses.respond(id, response);
        if (result == OutreachResponses.Result.NOT_FOUND) {
            throw notFound(id);
        }
        if (result == OutreachResponses.Result.REFUSED) {
            throw ProblemTypes.problem(HttpStatus.CONFLICT, "conflict",
                    "Outreach " + id + " cannot take the response " + response + " in its current state.");
        }
        return scheduler.summary(id).orElseThrow(() -> notFound(id));
    }

    private static OutreachStatus parse(String value, List<String> allowed, String field) {
        String upper = value == null ? "" : value.toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw ProblemTypes.validation("'" + field + "' must be one of " + allowed + ".",
                    List.of(Map.of("field", field, "message", "must be one of " + allowed)));
        }
        return OutreachStatus.valueOf(upper);
    }

    private static RuntimeException notFound(UUID id) {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", "No outreach " + id + ".");
    }

    /** @param response {@code ACCEPTED}, {@code DECLINED} or {@code CLICKED} */
    record ResponseBody(String response) {
    }

    /**
     * One outreach with its content and history.
     *
     * @param outreach    the summary
     * @param customerId  the customer
     * @param recipient   address used
     * @param subject     rendered subject
     * @param text        rendered text
     * @param attempts    send attempts so far
     * @param lastError   the last send error, or {@code null}
     * @param respondBy   end of the response window, or {@code null}
     * @param history     every state it went through, with reasons
     */
    record OutreachDetail(OutreachSummary outreach, UUID customerId, String recipient, String subject, String text,
                          int attempts, String lastError, Instant respondBy, List<HistoryEntry> history) {
    }

    /**
     * @param status the state entered
     * @param reason why, or {@code null}
     * @param at     when
     */
    record HistoryEntry(String status, String reason, Instant at) {
    }

    /**
     * A message in a customer's in-app inbox.
     *
     * @param id        outreach id (answer with {@code POST /api/v1/outreach/{id}/responses})
     * @param offerCode the offer, or {@code null}
     * @param title     title
     * @param text      text
     * @param sentAt    when it arrived
     * @param status    DELIVERED or the answer
     */
    record InboxItem(UUID id, String offerCode, String title, String text, Instant sentAt, String status) {
    }

    /**
     * The contact policy and provider settings as the API reads and writes them.
     *
     * @param caps                per channel ({@code EMAIL}, {@code SMS}, ...) or {@code ALL}, per period ({@code DAY},
     *                            {@code WEEK}, {@code MONTH}), the most marketing messages
     * @param quietHours          {@code {"start": "21:00", "end": "08:00"}} in the customer's zone, or {@code null}
     * @param responseWindowHours hours to answer an offer before it counts as ignored (default 72)
     * @param senderEmail         From address of e-mail, or {@code null}
     * @param smsUrl              SMS provider endpoint, or {@code null}
     * @param pushUrl             push provider endpoint, or {@code null}
     * @param providerToken       bearer token for the providers (write only: read back as {@code "***"})
     */
    record SettingsBody(Map<String, Map<String, Integer>> caps, QuietHours quietHours,
                        Integer responseWindowHours, String senderEmail, String smsUrl, String pushUrl,
                        String providerToken) {

        static SettingsBody of(ContactPolicies.Settings s) {
            return new SettingsBody(s.caps(), s.quietStart() == null ? null
                    : new QuietHours(s.quietStart(), s.quietEnd()), s.responseWindowHours(), s.senderEmail(),
                    s.smsUrl(), s.pushUrl(), s.providerToken());
        }

        ContactPolicies.Settings toSettings() {
            return new ContactPolicies.Settings(caps, quietHours == null ? null : quietHours.start(),
                    quietHours == null ? null : quietHours.end(), responseWindowHours, senderEmail, smsUrl, pushUrl,
                    providerToken);
        }
    }

    /**
     * @param start {@code HH:mm}
     * @param end   {@code HH:mm}; before start for a window over midnight
     */
    record QuietHours(String start, String end) {
    }
}
