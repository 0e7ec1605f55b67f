package io.genkend.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * An independent Standard Webhooks verifier, written from the specification (not from Genkend's signer), as a
 * receiver would: strip {@code whsec_}, base64-decode the key, HMAC-SHA256 over {@code id.timestamp.body}, compare
 * in constant time with each space-separated {@code v1,} signature, and check the timestamp against a tolerance
 * (5 minutes in the specification).
 */
final class ReferenceVerifier {

    private final byte[] key;

    ReferenceVerifier(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        this.key = Base64.getDecoder().decode(encoded);
    }

    /** @return whether one of the signatures in the header is this secret's over the message */
    boolean verifies(String id, String timestamp, String body, String signatureHeader) {
        if (id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (String versioned : signatureHeader.split(" ")) {
            int comma = versioned.indexOf(',');
            if (comma < 0 || !versioned.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(versioned.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    /** As {@link #verifies} and the timestamp within {@code tolerance} of {@code now}. */
    boolean verifies(String id, String timestamp, String body, String signatureHeader, Instant now,
                     Duration tolerance) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        return Math.abs(now.getEpochSecond() - seconds) <= tolerance.toSeconds()
                && verifies(id, timestamp, body, signatureHeader);
    }
}
