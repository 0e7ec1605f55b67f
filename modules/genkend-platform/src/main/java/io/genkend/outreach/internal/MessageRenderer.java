package io.genkend.outreach.internal;

import io.genkend.api.MessageTemplates;
import io.genkend.api.MessageTemplates.LenientMap;
import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;

import java.util.Locale;
import java.util.Map;

/**
 * Renders message templates with Thymeleaf (Spring EL, no bean access): subject and text in TEXT mode ({@code [[${customer.firstName}]]}),
 * the e-mail's HTML in HTML mode ({@code th:text}, escaped). Variables: {@code customer} (id, email, phone,
 * firstName, traits), {@code offer} (code, name, category, value), {@code event} (the request's variables) and
 * {@code links} (accept, decline, unsubscribe, object). Every marketing message gets a footer with a working
 * unsubscribe link and a link to object to all direct marketing (GDPR Art. 21), in the message's language,
 * whatever the template says.
 */
@Component
class MessageRenderer {

    private final TemplateEngine text = MessageTemplates.engine(TemplateMode.TEXT, true);
    private final TemplateEngine html = MessageTemplates.engine(TemplateMode.HTML, true);

    /**
     * @param template    the template
     * @param channel     the channel (an SMS gets a short footer)
     * @param language    {@code da} or {@code en}
     * @param variables   the template variables (with {@code links})
     * @param marketing   whether to add the unsubscribe and objection footer
     * @return subject, text and html
     */
    Rendered render(MessageTemplate template, Channel channel, String language, Map<String, Object> variables,
                    boolean marketing) {
        Context context = new Context(Locale.forLanguageTag(language));
        // templates may name event, customer and offer fields whatever the sender passed: an absent map reads
        // as empty (and its fields as null, for ?: defaults) instead of failing the send job
        for (String always : new String[] {"event", "customer", "offer"}) {
            context.setVariable(always, new LenientMap());
        }
        variables.forEach((name, value) -> context.setVariable(name, lenient(value)));
        String subject = template.subject() == null ? null : text.process(template.subject(), context).strip();
        String body = template.text() == null ? "" : text.process(template.text(), context);
        String htmlBody = template.html() == null || channel != Channel.EMAIL ? null
                : html.process(template.html(), context);
        if (marketing) {
            @SuppressWarnings("unchecked")
            Map<String, String> links = (Map<String, String>) variables.get("links");
            boolean danish = "da".equals(language);
            String unsubscribe = links.get("unsubscribe");
            String object = links.get("object");
            if (channel == Channel.SMS) {
                body = body.stripTrailing() + (danish ? " Afmeld: " : " Stop: ") + unsubscribe;
            } else {
                body = body.stripTrailing() + "\n\n--\n"
                        + (danish ? "Afmeld beskeder på denne kanal: " : "Unsubscribe from this channel: ")
                        + unsubscribe + "\n"
                        + (danish ? "Gør indsigelse mod al direkte markedsføring: "
                        : "Object to all direct marketing: ") + object + "\n";
                if (htmlBody != null) {
                    htmlBody = htmlBody + "<hr><p style=\"font-size:12px;color:#666\"><a href=\""
                            + escape(unsubscribe) + "\">" + (danish ? "Afmeld" : "Unsubscribe") + "</a> · <a href=\""
                            + escape(object) + "\">" + (danish ? "Gør indsigelse mod al direkte markedsføring"
                            : "Object to all direct marketing") + "</a></p>";
                }
            }
        }
        return new Rendered(subject, body, htmlBody);
    }

    /**
     * Copies maps (recursively) into maps that answer every key, so that {@code ${event.vehicle}} is {@code null}
     * when the event has no vehicle (Spring EL's map access fails on a missing key) and {@code ?:} can default it.
     */
    static Object lenient(Object value) {
        if (value instanceof Map<?, ?> map) {
            LenientMap copy = new LenientMap();
            map.forEach((k, v) -> copy.put(String.valueOf(k), lenient(v)));
            return copy;
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(MessageRenderer::lenient).toList();
        }
        return value;
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    /**
     * A rendered message.
     *
     * @param subject subject or title, or {@code null}
     * @param text    plain text
     * @param html    HTML (e-mail), or {@code null}
     */
    record Rendered(String subject, String text, String html) {
    }
}
