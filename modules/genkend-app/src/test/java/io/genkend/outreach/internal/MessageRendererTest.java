package io.genkend.outreach.internal;

import io.genkend.customer.Channel;
import io.genkend.decision.Offer.MessageTemplate;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Thymeleaf templates: variables, defaults for missing ones, escaping, and the GDPR Art. 21 footer. */
class MessageRendererTest {

    private final MessageRenderer renderer = new MessageRenderer();
    private final Map<String, Object> variables = Map.of(
            "customer", Map.of("firstName", "Søren", "traits", Map.of()),
            "offer", Map.of("value", "249"),
            "event", Map.of("appointmentDate", "1. december"),
            "links", Map.of("accept", "https://g/r/a", "decline", "https://g/r/d", "unsubscribe", "https://g/r/u",
                    "object", "https://g/r/o"));

    @Test
    void missingVariablesTakeTheirDefaultsAndMarketingGetsTheObjectionFooter() {
        MessageRenderer.Rendered rendered = renderer.render(new MessageTemplate("Til [[${customer.firstName}]]",
                "Bil: [[${event.vehicle} ?: 'din bil']], [[${offer.value}]] kr. [[${event.missing?.deeper} ?: '']]",
                "<p th:text=\"${event.vehicle} ?: 'din bil'\">x</p><p th:text=\"${customer.firstName}\">x</p>"),
                Channel.EMAIL, "da", variables, true);
        assertThat(rendered.subject()).isEqualTo("Til Søren");
        assertThat(rendered.text()).startsWith("Bil: din bil, 249 kr.")
                .contains("Afmeld beskeder på denne kanal: https://g/r/u", "markedsføring: https://g/r/o");
        assertThat(rendered.html()).contains("<p>din bil</p>", "href=\"https://g/r/u\"", "href=\"https://g/r/o\"");
    }

    @Test
    void htmlIsEscapedAndTransactionalMessagesGetNoFooter() {
        MessageRenderer.Rendered rendered = renderer.render(new MessageTemplate(null, "Hej",
                "<p th:text=\"${event.appointmentDate}\">x</p>"), Channel.EMAIL, "en",
                Map.of("event", Map.of("appointmentDate", "<script>"), "links", Map.of()), false);
        assertThat(rendered.html()).contains("&lt;script&gt;");
        assertThat(rendered.text()).isEqualTo("Hej");
    }

    @Test
    void aSenderThatPassesNoEventStillRendersTheDefaults() {
        MessageRenderer.Rendered rendered = renderer.render(new MessageTemplate(null,
                "Din bil er hos os [[${event.appointmentDate} ?: 'snart']], [[${customer.firstName} ?: 'kunde']].",
                null), Channel.EMAIL, "da", Map.of("links", Map.of()), false);
        assertThat(rendered.text()).isEqualTo("Din bil er hos os snart, kunde.");
    }

    @Test
    void smsGetsAShortUnsubscribeLink() {
        MessageRenderer.Rendered rendered = renderer.render(new MessageTemplate(null, "Tilbud", null), Channel.SMS,
                "en", variables, true);
        assertThat(rendered.text()).isEqualTo("Tilbud Stop: https://g/r/u");
        assertThat(rendered.html()).isNull();
    }
}
