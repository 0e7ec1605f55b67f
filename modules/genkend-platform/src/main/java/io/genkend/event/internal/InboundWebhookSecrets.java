package io.genkend.event.internal;

import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.genkend.schema.Tables.INBOUND_WEBHOOK_SECRET;

/**
 * The current tenant's inbound webhook secrets, per source. Setting a new secret keeps the previous one valid for
 * {@code genkend.event.inbound.previous-secret-valid} (rotation: two secrets at a time); older ones are removed.
 */
@Component
@Transactional
class InboundWebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final Duration overlap;

    InboundWebhookSecrets(DSLContext dsl, EventProperties properties) {
        this.dsl = dsl;
        this.overlap = properties.inbound().previousSecretValid();
    }

    /** A source's secrets as listed (never the secret values). */
    record SourceSecret(String source, Instant createdAt, Instant expiresAt) {
    }

    /** @return the secrets of {@code source} valid now, newest first */
    @Transactional(readOnly = true)
    List<String> valid(String source) {
        return dsl.select(INBOUND_WEBHOOK_SECRET.SECRET).from(INBOUND_WEBHOOK_SECRET)
                .where(INBOUND_WEBHOOK_SECRET.SOURCE.eq(source), INBOUND_WEBHOOK_SECRET.EXPIRES_AT.isNull()
                        .or(INBOUND_WEBHOOK_SECRET.EXPIRES_AT.gt(Instant.now())))
                .orderBy(INBOUND_WEBHOOK_SECRET.CREATED_AT.desc()).fetch(INBOUND_WEBHOOK_SECRET.SECRET);
    }

    /**
     * Sets a new current secret; the previous current one stays valid for the overlap, any older one is removed.
     *
     * @param secret {@code whsec_<base64>} of at least 24 bytes, or {@code null} to generate 32 random bytes
     * @return the new secret and when the previous one expires ({@code null} when there was none)
     * @throws IllegalArgumentException when the given secret is not {@code whsec_} with base64 of 24+ bytes
     */
    Rotation rotate(String source, String secret) {
        if (secret == null) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        } else {
            byte[] key;
            try {
                key = StandardWebhookSignature.key(secret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secret: must be whsec_ followed by base64");
            }
            if (!secret.startsWith("whsec_") || key.length < 24) {
                throw new IllegalArgumentException("secret: must be whsec_ followed by base64 of at least 24 bytes");
            }
        }
        Instant now = Instant.now();
        dsl.deleteFrom(INBOUND_WEBHOOK_SECRET).where(INBOUND_WEBHOOK_SECRET.SOURCE.eq(source),
                INBOUND_WEBHOOK_SECRET.EXPIRES_AT.isNotNull()).execute();
        Instant previousExpires = now.plus(overlap);
        int previous = dsl.update(INBOUND_WEBHOOK_SECRET).set(INBOUND_WEBHOOK_SECRET.EXPIRES_AT, previousExpires)
                .where(INBOUND_WEBHOOK_SECRET.SOURCE.eq(source), INBOUND_WEBHOOK_SECRET.EXPIRES_AT.isNull())
                .execute();
        dsl.insertInto(INBOUND_WEBHOOK_SECRET).set(INBOUND_WEBHOOK_SECRET.ID, UUID.randomUUID())
                .set(INBOUND_WEBHOOK_SECRET.TENANT_ID, TenantContext.require().id())
                .set(INBOUND_WEBHOOK_SECRET.SOURCE, source).set(INBOUND_WEBHOOK_SECRET.SECRET, secret)
                .set(INBOUND_WEBHOOK_SECRET.CREATED_AT, now).execute();
        return new Rotation(source, secret, previous > 0 ? previousExpires : null);
    }

    /** The answer to a rotation. */
    record Rotation(String source, String secret, Instant previousSecretExpiresAt) {
    }

    @Transactional(readOnly = true)
    List<SourceSecret> list() {
        return dsl.selectFrom(INBOUND_WEBHOOK_SECRET)
                .orderBy(INBOUND_WEBHOOK_SECRET.SOURCE, INBOUND_WEBHOOK_SECRET.CREATED_AT.desc())
                .fetch(r -> new SourceSecret(r.getSource(), r.getCreatedAt(), r.getExpiresAt()));
    }

    /** @return whether the source had secrets */
    boolean delete(String source) {
        return dsl.deleteFrom(INBOUND_WEBHOOK_SECRET).where(INBOUND_WEBHOOK_SECRET.SOURCE.eq(source)).execute() > 0;
    }
}
