package io.genkend.outreach.internal;

import io.genkend.customer.Channel;
import io.genkend.outreach.ContactPolicies;
import io.genkend.outreach.ContactPolicyInvalidException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link ContactPolicies} over {@link OutreachSettings}: converts between the public shape and the
 * {@link ContactPolicy} outreach enforces, and validates every field before anything is written.
 */
@Service
class ContactPolicyService implements ContactPolicies {

    /** Most messages a cap may allow, and the longest response window (a year). */
    static final int MAX_CAP = 10_000;
    static final int MAX_WINDOW_HOURS = 8_760;

    private final OutreachSettings settings;

    ContactPolicyService(OutreachSettings settings) {
        this.settings = settings;
    }

    @Override
    @Transactional(readOnly = true)
    public Settings current() {
        return view(settings.current());
    }

    @Override
    @Transactional
    public Settings save(Settings next) {
        settings.save(toInternal(next));
        return view(settings.current());
    }

    /** @return the public shape, with the token masked */
    static Settings view(OutreachSettings.Settings s) {
        ContactPolicy p = s.policy();
        Map<String, Map<String, Integer>> caps = new LinkedHashMap<>();
        p.caps().forEach((scope, limits) -> {
            Map<String, Integer> byPeriod = new LinkedHashMap<>();
            for (ContactPolicy.Period period : ContactPolicy.Period.values()) {
                if (limits.get(period) != null) {
                    byPeriod.put(period.name(), limits.get(period));
                }
            }
            caps.put(scope, byPeriod);
        });
        return new Settings(caps, p.hasQuietHours() ? p.quietStart().toString() : null,
                p.hasQuietHours() ? p.quietEnd().toString() : null, p.responseWindowHours(), s.senderEmail(),
                s.smsUrl(), s.pushUrl(), s.providerToken() == null ? null : "***");
    }

    /**
     * Validates the public shape and converts it; {@code "***"} as token keeps the current one.
     *
     * @throws ContactPolicyInvalidException with every invalid field
     */
    OutreachSettings.Settings toInternal(Settings s) {
        List<Map<String, String>> errors = new ArrayList<>();
        Map<String, Map<ContactPolicy.Period, Integer>> caps = new LinkedHashMap<>();
        (s.caps() == null ? Map.<String, Map<String, Integer>>of() : s.caps()).forEach((scope, limits) -> {
            boolean known = ALL.equals(scope) || Arrays.stream(Channel.values()).anyMatch(c -> c.name().equals(scope));
            if (!known) {
                errors.add(error("caps." + scope, "must be a channel or ALL"));
                return;
            }
            Map<ContactPolicy.Period, Integer> byPeriod = new EnumMap<>(ContactPolicy.Period.class);
            (limits == null ? Map.<String, Integer>of() : limits).forEach((period, limit) -> {
                String field = "caps." + scope + "." + period;
                if (!PERIODS.contains(period)) {
                    errors.add(error(field, "the period must be DAY, WEEK or MONTH"));
                } else if (limit == null || limit < 0 || limit > MAX_CAP) {
                    errors.add(error(field, "must be 0 to " + MAX_CAP));
                } else {
                    byPeriod.put(ContactPolicy.Period.valueOf(period), limit);
                }
            });
            if (!byPeriod.isEmpty()) {
                caps.put(scope, byPeriod);
            }
        });
        LocalTime start = time(s.quietStart(), "quietStart", errors);
        LocalTime end = time(s.quietEnd(), "quietEnd", errors);
        if (start == null && end != null && blank(s.quietStart())) {
            errors.add(error("quietStart", "give both start and end, or neither"));
        }
        if (end == null && start != null && blank(s.quietEnd())) {
            errors.add(error("quietEnd", "give both start and end, or neither"));
        }
        if (start != null && start.equals(end)) {
            errors.add(error("quietEnd", "must differ from the start"));
        }
        Integer window = s.responseWindowHours();
        if (window != null && (window <= 0 || window > MAX_WINDOW_HOURS)) {
            errors.add(error("responseWindowHours", "must be 1 to " + MAX_WINDOW_HOURS));
        }
        String sender = trimToNull(s.senderEmail());
        if (sender != null && !sender.matches("^[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+$")) {
            errors.add(error("senderEmail", "must be an e-mail address"));
        }
        String smsUrl = trimToNull(s.smsUrl());
        String pushUrl = trimToNull(s.pushUrl());
        for (String[] url : new String[][] {{"smsUrl", smsUrl}, {"pushUrl", pushUrl}}) {
            if (url[1] != null && !url[1].toLowerCase(Locale.ROOT).matches("^https?://[^\\s]+$")) {
                errors.add(error(url[0], "must be an http(s) URL"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ContactPolicyInvalidException("The outreach settings have invalid fields.", errors);
        }
        String token = s.providerToken();
        if ("***".equals(token)) {
            token = settings.current().providerToken();
        }
        return new OutreachSettings.Settings(new ContactPolicy(caps, start, end, window == null ? 72 : window),
                sender, smsUrl, pushUrl, trimToNull(token));
    }

    private static LocalTime time(String value, String field, List<Map<String, String>> errors) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(error(field, "must be a time HH:mm"));
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String trimToNull(String value) {
        return blank(value) ? null : value.trim();
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
