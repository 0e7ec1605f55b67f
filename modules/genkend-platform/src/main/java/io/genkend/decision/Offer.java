package io.genkend.decision;

import io.genkend.customer.Channel;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An offer of the current tenant's catalogue, as other modules (outreach, journeys) read it.
 *
 * @param code                the offer's code, unique per tenant ({@code taxi-courtesy})
 * @param name                a name for people
 * @param category            its category ({@code mobility}, {@code car-parts}, {@code car-glass}); suppression and
 *                            applicability work on categories
 * @param value               business value of an acceptance, in the tenant's currency (arbitration's V)
 * @param lever               business lever, a multiplier the marketer sets (1 = neutral)
 * @param validFrom           first moment it may be offered, or {@code null}
 * @param validUntil          last moment it may be offered, or {@code null}
 * @param channels            channels it may be sent on, in the marketer's order of preference
 * @param templates           per channel, then per language ({@code da}, {@code en}): the message templates
 * @param responseWindowHours hours a customer has to answer before the outreach counts as ignored, or {@code null}
 *                            for the tenant's contact policy default
 */
public record Offer(String code, String name, String category, BigDecimal value, BigDecimal lever,
                    Instant validFrom, Instant validUntil, List<Channel> channels,
                    Map<Channel, Map<String, MessageTemplate>> templates, Integer responseWindowHours) {

    /**
     * @return the template for a channel in a language, falling back to English, then to any language; empty when
     *         the offer has none for the channel
     */
    public java.util.Optional<MessageTemplate> template(Channel channel, String language) {
        Map<String, MessageTemplate> byLanguage = templates.get(channel);
        if (byLanguage == null || byLanguage.isEmpty()) {
            return java.util.Optional.empty();
        }
        MessageTemplate template = byLanguage.get(language);
        if (template == null) {
            template = byLanguage.get("en");
        }
        return java.util.Optional.ofNullable(template != null ? template : byLanguage.values().iterator().next());
    }

    /**
     * One message template: Thymeleaf TEXT for {@code subject} and {@code text}, Thymeleaf HTML for {@code html}.
     *
     * @param subject e-mail subject or push title, or {@code null}
     * @param text    plain text body (the SMS, push or in-app text, and the e-mail's text part)
     * @param html    HTML body of an e-mail, or {@code null}
     */
    public record MessageTemplate(String subject, String text, String html) {
    }
}
