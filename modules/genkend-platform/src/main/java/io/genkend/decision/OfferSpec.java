package io.genkend.decision;

import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An offer with everything the marketer sets, as {@link OfferCatalogue#list()}, the REST API ({@code /api/v1/offers}),
 * the offers page and a pack's {@code offers.json} write and read it (docs/decisions.md has the shape).
 *
 * @param code               {@code ^[a-z0-9][a-z0-9._-]{0,62}$}, unique per tenant
 * @param name               a name for people
 * @param category           offer category
 * @param value              value of an acceptance, 0 <= value < 10^10 with at most 2 decimals, default 1
 * @param lever              business lever, 0 <= lever < 10^4 with at most 4 decimals, default 1
 * @param contextWeights     weight per decision context (event name); key {@code *} for any other; default 1
 * @param validFrom          first moment it may be offered, or {@code null}
 * @param validUntil         last moment, or {@code null}
 * @param channels           channels in order of preference; default e-mail
 * @param templates          per channel, per language: subject, text, html; an active offer needs, for each
 *                           channel, the parts outreach sends (see {@link #errors()})
 * @param eligibilityDmn     DMN XML of the eligibility decision, or {@code null} (everyone is eligible)
 * @param suitabilityDmn     DMN XML of the suitability decision, or {@code null} (suitable for everyone)
 * @param applicability      applicability settings, or {@code null} for the defaults
 * @param prior              Beta prior of its propensity, or {@code null} for the tenant-wide default
 * @param responseWindowHours hours to answer before "ignored" (1 to 8760), or {@code null} for the contact
 *                           policy's
 * @param active             whether it takes part in decisions, default true
 */
public record OfferSpec(String code, String name, String category, BigDecimal value, BigDecimal lever,
                        Map<String, Double> contextWeights, Instant validFrom, Instant validUntil,
                        List<Channel> channels, Map<Channel, Map<String, MessageTemplate>> templates,
                        String eligibilityDmn, String suitabilityDmn, Applicability applicability, Prior prior,
                        Integer responseWindowHours, Boolean active) {

    /** Largest {@code value} (exclusive): the column is {@code numeric(12,2)}. */
    public static final BigDecimal MAX_VALUE = new BigDecimal("10000000000");
    /** Largest {@code lever} (exclusive): the column is {@code numeric(8,4)}. */
    public static final BigDecimal MAX_LEVER = new BigDecimal("10000");
    /** Largest {@code responseWindowHours}: a year, as on the contact-policy page. */
    public static final int MAX_RESPONSE_WINDOW_HOURS = 8760;

    /** Longest {@code name}, in characters (it is shown in messages and on pages, not a text body). */
    public static final int MAX_NAME_LENGTH = 200;
    /**
     * Longest {@code category} (and blocking case category), in characters. Categories are matched against event
     * property values (facts keep at most 200 characters), so they are bounded but not restricted to a pattern.
     */
    public static final int MAX_CATEGORY_LENGTH = 100;
    /** Most {@code contextWeights} entries (and blocking case categories). */
    public static final int MAX_CONTEXT_WEIGHTS = 100;
    /** Longest {@code contextWeights} key (a decision context, i.e. an event name, or {@code *}), in characters. */
    public static final int MAX_CONTEXT_LENGTH = 100;

    /** Normalises missing parts to their defaults. */
    public OfferSpec {
        value = value == null ? BigDecimal.ONE : value;
        lever = lever == null ? BigDecimal.ONE : lever;
        contextWeights = contextWeights == null ? Map.of() : Map.copyOf(contextWeights);
        channels = channels == null || channels.isEmpty() ? List.of(Channel.EMAIL) : List.copyOf(channels);
        templates = templates == null ? Map.of() : templates;
        applicability = applicability == null ? new Applicability(null, null, null) : applicability;
        active = active == null ? Boolean.TRUE : active;
    }

    /**
     * Applicability settings (Pega: is the offer relevant now).
     *
     * @param recentWindowDays        not applicable while the category was bought or booked within this many days;
     *                                {@code null} for the module default (30)
     * @param blockingCaseCategories  not applicable while the customer has an open service case in one of these
     *                                categories (the offer's own category always blocks)
     * @param skipIfOwned             not applicable when the customer already owns it (an {@code OWNED} fact with
     *                                the offer's code as item, or the trait {@code owned} listing it); default true
     */
    public record Applicability(Integer recentWindowDays, List<String> blockingCaseCategories, Boolean skipIfOwned) {
        /** Normalises missing parts. */
        public Applicability {
            blockingCaseCategories = blockingCaseCategories == null ? List.of() : List.copyOf(blockingCaseCategories);
            skipIfOwned = skipIfOwned == null ? Boolean.TRUE : skipIfOwned;
        }
    }

    /**
     * A Beta prior: the propensity before any response is alpha / (alpha + beta).
     *
     * @param alpha pseudo-successes (> 0)
     * @param beta  pseudo-failures (> 0)
     */
    public record Prior(double alpha, double beta) {
    }

    /** @return the weight for a decision context: its own, else {@code *}, else 1 */
    public double weightFor(String context) {
        Double weight = context == null ? null : contextWeights.get(context);
        if (weight == null) {
            weight = contextWeights.get("*");
        }
        return weight == null ? 1.0 : weight;
    }

    /** @return whether it may be offered at {@code now} ({@code validFrom} and {@code validUntil} inclusive) */
    public boolean validAt(Instant now) {
        return (validFrom == null || !now.isBefore(validFrom)) && (validUntil == null || !now.isAfter(validUntil));
    }

    /** @return the view outreach and journeys read ({@link OfferCatalogue#find}) */
    public Offer toOffer() {
        return new Offer(code, name, category, value, lever, validFrom, validUntil, channels, templates,
                responseWindowHours);
    }

    /**
     * Checks the fields that need no engine (DMN XML is parsed by {@link OfferCatalogue#save}).
     *
     * @return field errors of this spec: {@code field} (such as {@code value} or {@code applicability.recentWindowDays})
     *         and {@code message} each, in the problem+json {@code errors} shape; empty when valid
     */
    public List<Map<String, String>> errors() {
        List<Map<String, String>> errors = new ArrayList<>();
        if (code == null || !code.matches("^[a-z0-9][a-z0-9._-]{0,62}$")) {
            errors.add(Map.of("field", "code", "message", "must match ^[a-z0-9][a-z0-9._-]{0,62}$"));
        }
        if (name == null || name.isBlank()) {
            errors.add(Map.of("field", "name", "message", "must not be blank"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            errors.add(Map.of("field", "name", "message", "at most " + MAX_NAME_LENGTH + " characters"));
        }
        if (category == null || category.isBlank()) {
            errors.add(Map.of("field", "category", "message", "must not be blank"));
        } else if (category.length() > MAX_CATEGORY_LENGTH) {
            errors.add(Map.of("field", "category", "message", "at most " + MAX_CATEGORY_LENGTH + " characters"));
        }
        decimal(value, "value", MAX_VALUE, 2, errors);
        decimal(lever, "lever", MAX_LEVER, 4, errors);
        if (contextWeights.size() > MAX_CONTEXT_WEIGHTS) {
            errors.add(Map.of("field", "contextWeights", "message", "at most " + MAX_CONTEXT_WEIGHTS + " entries"));
        } else {
            contextWeights.forEach((context, weight) -> {
                if (context.length() > MAX_CONTEXT_LENGTH) {
                    errors.add(Map.of("field", "contextWeights", "message", "keys are at most " + MAX_CONTEXT_LENGTH
                            + " characters"));
                } else if (weight == null || weight < 0) {
                    errors.add(Map.of("field", "contextWeights." + context, "message", "must be >= 0"));
                }
            });
        }
        List<String> blocking = applicability.blockingCaseCategories();
        if (blocking.size() > MAX_CONTEXT_WEIGHTS
                || blocking.stream().anyMatch(c -> c == null || c.length() > MAX_CATEGORY_LENGTH)) {
            errors.add(Map.of("field", "applicability.blockingCaseCategories", "message", "at most "
                    + MAX_CONTEXT_WEIGHTS + " categories of 1 to " + MAX_CATEGORY_LENGTH + " characters"));
        }
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            errors.add(Map.of("field", "validUntil", "message", "must not be before validFrom"));
        }
        if (prior != null && (!(prior.alpha() > 0) || !(prior.beta() > 0))) {
            errors.add(Map.of("field", "prior", "message", "alpha and beta must be > 0"));
        }
        if (responseWindowHours != null && (responseWindowHours < 1 || responseWindowHours > MAX_RESPONSE_WINDOW_HOURS)) {
            errors.add(Map.of("field", "responseWindowHours", "message",
                    "must be 1 to " + MAX_RESPONSE_WINDOW_HOURS));
        }
        if (active) {
            templateErrors(errors);
        }
        if (applicability.recentWindowDays() != null && applicability.recentWindowDays() < 0) {
            errors.add(Map.of("field", "applicability.recentWindowDays", "message", "must be >= 0"));
        }
        return errors;
    }

    /** A decimal that the column holds exactly: 0 <= number < max, at most {@code scale} decimals. */
    private static void decimal(BigDecimal number, String field, BigDecimal max, int scale,
                                List<Map<String, String>> errors) {
        if (number.signum() < 0) {
            errors.add(Map.of("field", field, "message", "must be >= 0"));
        } else if (number.compareTo(max) >= 0) {
            errors.add(Map.of("field", field, "message", "must be less than " + max.toPlainString()));
        } else if (number.stripTrailingZeros().scale() > scale) {
            errors.add(Map.of("field", field, "message", "must have at most " + scale + " decimals"));
        }
    }

    /**
     * An active offer needs, for each of its channels, at least one language whose template has the parts outreach
     * sends on that channel: e-mail a subject and a text or html body; SMS, push and in-app a text; a webhook
     * nothing (its payload is structured). Every language given must have them.
     */
    private void templateErrors(List<Map<String, String>> errors) {
        for (Channel channel : channels) {
            if (channel == null) {
                errors.add(Map.of("field", "channels", "message", "must not contain null"));
                continue;
            }
            if (channel == Channel.WEBHOOK) {
                continue;
            }
            Map<String, MessageTemplate> byLanguage = templates.get(channel);
            if (byLanguage == null || byLanguage.isEmpty()) {
                errors.add(Map.of("field", "templates." + channel, "message",
                        "an active offer needs a template for each of its channels"));
                continue;
            }
            byLanguage.forEach((language, t) -> {
                String prefix = "templates." + channel + "." + language + ".";
                if (channel == Channel.EMAIL && (t == null || blank(t.subject()))) {
                    errors.add(Map.of("field", prefix + "subject", "message", "must not be blank"));
                }
                if (t == null || (blank(t.text()) && (channel != Channel.EMAIL || blank(t.html())))) {
                    errors.add(Map.of("field", prefix + "text", "message", channel == Channel.EMAIL
                            ? "text or html must not be blank" : "must not be blank"));
                }
            });
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
