package io.genkend.webhook.internal;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one attempt: checks the URL against the SSRF guard again (DNS may have changed since the subscription
 * was saved), signs the body with every secret in force, and POSTs it with the JDK's HTTP client, which is set to
 * never follow redirects (a 3xx is a failed attempt) and to give up after the configured timeout (15 s). Only
 * the first {@code snippetLength} characters of the answer are read.
 */
@Component
class WebhookSender {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-body-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient client;
    private final EndpointAddressPolicy addresses;
    private final WebhookProperties properties;

    WebhookSender(EndpointAddressPolicy addresses, WebhookProperties properties) {
        this.addresses = addresses;
        this.properties = properties;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * @param url       endpoint
     * @param messageId {@code webhook-id}
     * @param timestamp {@code webhook-timestamp}, seconds since the epoch
     * @param body      JSON body
     * @param secrets   secrets in force, newest first
     * @return what happened; never throws for network trouble
     */
    Response send(String url, String messageId, long timestamp, String body, List<String> secrets) {
        try {
            addresses.check(url);
        } catch (EndpointAddressPolicy.RefusedEndpoint refused) {
            return Response.refused("The URL " + refused.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Genkend-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(secrets, messageId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String snippet;
            // The request timeout covers the answer's headers only; an endpoint trickling its body must not hold a
            // worker longer, so the stream is closed at the deadline.
            try (InputStream in = response.body()) {
                ScheduledFuture<?> guard = WATCHDOG.schedule(() -> closeQuietly(in),
                        Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                try {
                    snippet = new String(in.readNBytes(properties.snippetLength() * 4), StandardCharsets.UTF_8);
                } catch (IOException cutOff) {
                    snippet = "";
                } finally {
                    guard.cancel(false);
                }
            }
            if (snippet.length() > properties.snippetLength()) {
                snippet = snippet.substring(0, properties.snippetLength());
            }
            return new Response(response.statusCode(), snippet,
                    response.headers().firstValue("Retry-After").orElse(null), null, false);
        } catch (HttpTimeoutException e) {
            return Response.error("No answer within " + properties.timeout().toSeconds() + " s");
        } catch (IOException e) {
            return Response.error(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error("Interrupted (shutting down)");
        } catch (IllegalArgumentException e) {
            return Response.refused("The URL is not valid: " + e.getMessage());
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the attempt records what was read so far
        }
    }

    /**
     * What an attempt got.
     *
     * @param statusCode HTTP status, or {@code null} when there was no answer
     * @param snippet    start of the answer body
     * @param retryAfter the {@code Retry-After} header, if any
     * @param error      why there was no answer
     * @param refused    whether the SSRF guard stopped it
     */
    record Response(Integer statusCode, String snippet, String retryAfter, String error, boolean refused) {
        static Response error(String error) {
            return new Response(null, null, null, error, false);
        }

        static Response refused(String error) {
            return new Response(null, null, null, error, true);
        }
    }
}
