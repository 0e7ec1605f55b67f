package io.genkend.outreach;

import java.util.List;
import java.util.Map;

/**
 * The current tenant's contact policy and provider settings, as outreach enforces them (table
 * {@code outreach_settings}; docs/outreach.md "Contact policy"). The REST API ({@code /api/v1/outreach/settings})
 * and the contact-policy page both write through {@link #save}, so they validate alike.
 */
public interface ContactPolicies {

    /** Cap scopes besides the channels: every channel together. */
    String ALL = "ALL";

    /** Cap periods, in the customer's time zone: a local day, an ISO week, a calendar month. */
    List<String> PERIODS = List.of("DAY", "WEEK", "MONTH");

    /** @return the tenant's settings, or the defaults (ALL: 3 a day, 10 a week, 30 a month; no quiet hours) */
    Settings current();

    /**
     * Validates and replaces the tenant's settings in one write; the next outreach is decided by them.
     *
     * @param settings the new settings; {@code providerToken} {@code "***"} keeps the current token
     * @return the settings as stored (token masked)
     * @throws ContactPolicyInvalidException when a field is invalid; nothing is written then
     */
    Settings save(Settings settings);

    /**
     * A tenant's contact policy and provider settings.
     *
     * @param caps                per scope (a channel name such as {@code EMAIL}, or {@link #ALL}), per period
     *                            ({@link #PERIODS}), the most marketing messages (0 or more); a missing entry is no cap
     * @param quietStart          local time quiet hours start, {@code HH:mm}, or {@code null} for none
     * @param quietEnd            local time they end ({@code HH:mm}; before the start for a window over midnight), or
     *                            {@code null}
     * @param responseWindowHours hours a customer has to answer an offer before it counts as ignored (1 to 8760;
     *                            {@code null}: 72)
     * @param senderEmail         From address of e-mail, or {@code null} for the platform's
     * @param smsUrl              the SMS provider's endpoint (http or https), or {@code null}: no SMS
     * @param pushUrl             the push provider's endpoint, or {@code null}: no push
     * @param providerToken       bearer token for both providers; read back as {@code "***"} when set, else
     *                            {@code null}
     */
    record Settings(Map<String, Map<String, Integer>> caps, String quietStart, String quietEnd,
                    Integer responseWindowHours, String senderEmail, String smsUrl, String pushUrl,
                    String providerToken) {
    }
}
