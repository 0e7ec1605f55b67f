package io.genkend.event.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signature verification (standardwebhooks.com, spec "Signature scheme"): the signed content is
 * {@code webhook-id + "." + webhook-timestamp + "." + body}; {@code webhook-signature} is a space-separated list
 * of {@code v1,<base64 HMAC-SHA256>}; secrets are {@code whsec_<base64 key>}; the timestamp (Unix seconds) must be
 * within the tolerance of now. Comparison is constant-time.
 */
final class StandardWebhookSignature {

    private StandardWebhookSignature() {
    }

    /** Why a request was not verified; {@code null} reason means verified. */
    record Verdict(String reason) {
        boolean verified() {
            return reason == null;
        }
    }

    static Verdict verify(List<String> secrets, String id, String timestamp, String signatures, byte[] body,
                          Instant now, Duration tolerance) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null) {
            return new Verdict("webhook-id, webhook-timestamp and webhook-signature headers are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new Verdict("webhook-timestamp must be Unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return new Verdict("webhook-timestamp is outside the " + tolerance.toMinutes() + "-minute tolerance");
        }
        for (String secret : secrets) {
            byte[] expected = sign(secret, id, timestamp.trim(), body);
            for (String candidate : signatures.trim().split(" +")) {
                int comma = candidate.indexOf(',');
                if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return new Verdict(null);
                }
            }
        }
        return new Verdict("no webhook-signature matches a current secret of this source");
    }

    /** @return the raw HMAC-SHA256 of the signed content with the secret's key */
    static byte[] sign(String secret, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] key(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
