package io.genkend.outreach.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.webhook.WebhookOutbox;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a message to its channel's provider, with the outreach's idempotency key: e-mail over SMTP (Spring Mail)
 * with the outreach's {@code Message-ID} and a {@code List-Unsubscribe} header; SMS and push as a JSON POST to the
 * tenant's provider endpoint with an {@code Idempotency-Key} header (the Message-ID), so the provider drops a
 * repeat; webhook through the webhook module's outbox (in the caller's transaction); in-app needs no hand-over
 * (the tenant's app reads the inbox).
 */
@Component
class ChannelGateways {

    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectProvider<WebhookOutbox> webhooks;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChannelGateways(ObjectProvider<JavaMailSender> mail, ObjectProvider<WebhookOutbox> webhooks, ObjectMapper json) {
        this.mail = mail;
        this.webhooks = webhooks;
        this.json = json;
    }

    /** @return whether the channel's hand-over is a database write that belongs in the sent marker's transaction */
    static boolean transactional(Channel channel) {
        return channel == Channel.WEBHOOK || channel == Channel.IN_APP;
    }

    /**
     * Sends one message.
     *
     * @return the provider's reference, or {@code null}
     * @throws Exception whatever the provider answered or threw; the sender retries
     */
    String send(OutreachSender.Claimed message, OutreachSettings.Settings settings, String defaultFrom)
            throws Exception {
        return switch (message.channel()) {
            case EMAIL -> email(message, settings.senderEmail() != null ? settings.senderEmail() : defaultFrom);
            case SMS, PUSH -> provider(message, settings);
            case WEBHOOK -> webhook(message);
            case IN_APP -> null;
        };
    }

    private String email(OutreachSender.Claimed message, String from) throws Exception {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("No SMTP server configured (spring.mail.host)");
        }
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, message.html() != null, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(message.recipient());
        helper.setSubject(message.subject() == null ? "" : message.subject());
        if (message.html() != null) {
            helper.setText(message.text(), message.html());
        } else {
            helper.setText(message.text());
        }
        mime.setHeader("Message-ID", message.messageId());
        if (message.unsubscribeUrl() != null) {
            mime.setHeader("List-Unsubscribe", "<" + message.unsubscribeUrl() + ">");
        }
        sender.send(mime);
        return message.messageId();
    }

    private String provider(OutreachSender.Claimed message, OutreachSettings.Settings settings)
            throws IOException, InterruptedException {
        String url = settings.providerUrl(message.channel())
                .orElseThrow(() -> new IllegalStateException("No " + message.channel() + " provider configured"));
        Map<String, Object> body = new HashMap<>();
        body.put("to", message.recipient());
        body.put("text", message.text());
        if (message.subject() != null) {
            body.put("title", message.subject());
        }
        body.put("reference", message.outreachId().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", message.messageId())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (settings.providerToken() != null) {
            request.header("Authorization", "Bearer " + settings.providerToken());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(message.channel() + " provider answered " + response.statusCode());
        }
        try {
            JsonNode answer = json.readTree(response.body());
            return answer != null && answer.hasNonNull("id") ? answer.get("id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String webhook(OutreachSender.Claimed message) {
        WebhookOutbox outbox = webhooks.getIfAvailable();
        if (outbox == null) {
            throw new IllegalStateException("Webhooks are not available");
        }
        Map<String, Object> payload = new HashMap<>();
        payload.put("outreachId", message.outreachId().toString());
        payload.put("customerId", message.customerId().toString());
        if (message.offerCode() != null) {
            payload.put("offerCode", message.offerCode());
        }
        if (message.subject() != null) {
            payload.put("subject", message.subject());
        }
        payload.put("text", message.text());
        return outbox.enqueue("outreach.message", payload).toString();
    }
}
