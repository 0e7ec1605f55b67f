package io.genkend.webhook;

import io.genkend.webhook.internal.WebhookSignature;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Genkend's signer against the Standard Webhooks test vectors (standard-webhooks/standard-webhooks, the
 * libraries' {@code TestWebhookSign} / {@code verifyWebhookSignWorks} and their multi-signature cases) and
 * against an independent reference verifier.
 */
class WebhookSignatureTest {

    // From the Standard Webhooks libraries' tests (Go webhook_test.go, Java WebhookTest.java).
    static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long VECTOR_TIMESTAMP = 1614265330;
    static final String VECTOR_BODY = "{\"test\": 2432232314}";
    static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final String VECTOR_WRONG_SIGNATURE = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    @Test
    void signsTheStandardWebhooksTestVector() {
        assertThat(WebhookSignature.sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY))
                .isEqualTo(VECTOR_SIGNATURE);
        // the prefix is optional, as in the reference libraries
        assertThat(WebhookSignature.sign(VECTOR_SECRET.substring(6), VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY))
                .isEqualTo(VECTOR_SIGNATURE);
    }

    @Test
    void theReferenceVerifierAcceptsTheVectorAndRejectsTampering() {
        ReferenceVerifier verifier = new ReferenceVerifier(VECTOR_SECRET);
        String ts = Long.toString(VECTOR_TIMESTAMP);
        assertThat(verifier.verifies(VECTOR_ID, ts, VECTOR_BODY, VECTOR_SIGNATURE)).isTrue();
        assertThat(verifier.verifies(VECTOR_ID, ts, VECTOR_BODY, VECTOR_WRONG_SIGNATURE)).isFalse();
        assertThat(verifier.verifies(VECTOR_ID, ts, "{\"test\": 2432232315}", VECTOR_SIGNATURE)).isFalse();
        assertThat(verifier.verifies("msg_other", ts, VECTOR_BODY, VECTOR_SIGNATURE)).isFalse();
        assertThat(verifier.verifies(VECTOR_ID, "1614265331", VECTOR_BODY, VECTOR_SIGNATURE)).isFalse();
        assertThat(verifier.verifies(VECTOR_ID, ts, VECTOR_BODY, VECTOR_SIGNATURE.replace("v1,", "v2,"))).isFalse();
        // the libraries' multi-signature case: the valid one among others
        assertThat(verifier.verifies(VECTOR_ID, ts, VECTOR_BODY, String.join(" ", VECTOR_WRONG_SIGNATURE,
                "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", VECTOR_SIGNATURE, VECTOR_WRONG_SIGNATURE)))
                .isTrue();
        // the specification's 5-minute tolerance
        Instant signedAt = Instant.ofEpochSecond(VECTOR_TIMESTAMP);
        assertThat(verifier.verifies(VECTOR_ID, ts, VECTOR_BODY, VECTOR_SIGNATURE, signedAt.plusSeconds(299),
                Duration.ofMinutes(5))).isTrue();
        assertThat(verifier.verifies(VECTOR_ID, ts, VECTOR_BODY, VECTOR_SIGNATURE, signedAt.plusSeconds(301),
                Duration.ofMinutes(5))).isFalse();
    }

    @Test
    void newSecretsAreWhsecWith32RandomBytesAndVerifyIndependently() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
        String body = "{\"type\":\"task.created\",\"timestamp\":\"2026-11-29T10:00:00Z\",\"data\":{\"å\":\"ø\"}}";
        String signature = WebhookSignature.sign(secret, "a-message", 1_790_000_000L, body);
        assertThat(new ReferenceVerifier(secret).verifies("a-message", "1790000000", body, signature)).isTrue();
    }

    @Test
    void duringARotationBothSecretsSignSideBySide() {
        String fresh = WebhookSignature.newSecret();
        String previous = WebhookSignature.newSecret();
        String header = WebhookSignature.header(List.of(fresh, previous), "m", 1_790_000_000L, "{}");
        assertThat(header.split(" ")).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
        assertThat(new ReferenceVerifier(fresh).verifies("m", "1790000000", "{}", header)).isTrue();
        assertThat(new ReferenceVerifier(previous).verifies("m", "1790000000", "{}", header)).isTrue();
        assertThat(new ReferenceVerifier(WebhookSignature.newSecret()).verifies("m", "1790000000", "{}", header))
                .isFalse();
    }
}
