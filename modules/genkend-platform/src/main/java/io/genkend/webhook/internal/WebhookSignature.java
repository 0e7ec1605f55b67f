package io.genkend.webhook.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standard Webhooks' symmetric signature (https://www.standardwebhooks.com/, "Signature scheme"): the secret is
 * {@code whsec_} followed by the base64 of 24 to 64 random bytes; the signature is
 * {@code v1,<base64 of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>}; several signatures (during a
 * secret rotation) are separated by spaces in one {@code webhook-signature} header.
 */
public final class WebhookSignature {

    /** Prefix of every secret. */
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** @return a new secret: {@code whsec_} and the base64 of 32 random bytes (256 bits) */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * Signs one message.
     *
     * @param secret    {@code whsec_<base64 key>} (the prefix is optional)
     * @param messageId the {@code webhook-id}
     * @param timestamp the {@code webhook-timestamp}, in seconds since the epoch
     * @param body      the exact body sent
     * @return {@code v1,<base64 signature>}
     * @throws IllegalArgumentException when the secret is not base64
     */
    public static String sign(String secret, String messageId, long timestamp, String body) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * @param secrets the secrets in force, newest first (two during a rotation)
     * @return the {@code webhook-signature} header: one signature per secret, separated by spaces
     */
    public static String header(List<String> secrets, String messageId, long timestamp, String body) {
        return secrets.stream().map(s -> sign(s, messageId, timestamp, body)).collect(Collectors.joining(" "));
    }
}
