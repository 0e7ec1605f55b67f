package io.genkend.security;

import io.genkend.security.internal.ApiKeyCache;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.API_KEY;

/**
 * API keys of the current tenant. A key is {@code gk_} followed by 40 base-62 characters (about 238 bits); only
 * its SHA-256 is stored (a fast hash suffices for high-entropy secrets, as GitHub and Stripe do), and the secret
 * is shown once, at issue. Keys are revocable and record when they were last used.
 */
@Service
public class ApiKeys {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final ApiKeyCache cache;

    ApiKeys(DSLContext dsl, ApiKeyCache cache) {
        this.dsl = dsl;
        this.cache = cache;
    }

    /**
     * Issues a key for the current tenant.
     *
     * @param name a label for people
     * @return the key, with its secret (never retrievable again)
     */
    @Transactional
    public IssuedApiKey issue(String name) {
        return issue(name, newSecret());
    }

    /**
     * Issues a key with a given secret (demo seeding and scripts that fix keys through
     * {@code genkend.demo.<slug>.api-key}); an existing key with the same secret is kept.
     *
     * @param name   label
     * @param secret the secret, at least 20 characters
     * @return the key
     * @throws IllegalArgumentException for a secret shorter than 20 characters
     */
    @Transactional
    public IssuedApiKey issue(String name, String secret) {
        if (secret.length() < 20) {
            throw new IllegalArgumentException("An API key must have at least 20 characters");
        }
        UUID tenantId = TenantContext.require().id();
        String hash = hash(secret);
        UUID id = dsl.select(API_KEY.ID).from(API_KEY).where(API_KEY.KEY_HASH.eq(hash)).fetchOptional(API_KEY.ID)
                .orElseGet(() -> {
                    UUID newId = UUID.randomUUID();
                    dsl.insertInto(API_KEY).set(API_KEY.ID, newId).set(API_KEY.TENANT_ID, tenantId)
                            .set(API_KEY.NAME, name).set(API_KEY.PREFIX, secret.substring(0, 8))
                            .set(API_KEY.KEY_HASH, hash).execute();
                    return newId;
                });
        return new IssuedApiKey(id, name, secret);
    }

    /** @return the current tenant's keys, newest first, without secrets */
    @Transactional(readOnly = true)
    public List<ApiKeyView> list() {
        return dsl.selectFrom(API_KEY).orderBy(API_KEY.CREATED_AT.desc())
                .fetch(r -> new ApiKeyView(r.getId(), r.getName(), r.getPrefix(), r.getCreatedAt(),
                        r.getLastUsedAt(), r.getRevokedAt()));
    }

    /** @return the current tenant's key with this id; empty for another tenant's key */
    @Transactional(readOnly = true)
    public Optional<ApiKeyView> find(UUID id) {
        return dsl.selectFrom(API_KEY).where(API_KEY.ID.eq(id))
                .fetchOptional(r -> new ApiKeyView(r.getId(), r.getName(), r.getPrefix(), r.getCreatedAt(),
                        r.getLastUsedAt(), r.getRevokedAt()));
    }

    /**
     * Revokes a key of the current tenant; revoking twice keeps the first time. Once the transaction has
     * committed, no replica accepts the key any more ({@link ApiKeyCache}: at once through Redis, else within the
     * cache's few seconds).
     *
     * @return whether the key exists for this tenant
     */
    @Transactional
    public boolean revoke(UUID id) {
        boolean revoked = dsl.update(API_KEY).set(API_KEY.REVOKED_AT, Instant.now())
                .where(API_KEY.ID.eq(id).and(API_KEY.REVOKED_AT.isNull())).execute() > 0;
        if (revoked) {
            cache.revokedAfterCommit(id);
        }
        return revoked || find(id).isPresent();
    }

    /** @return the SHA-256 of a key's secret, hex-encoded, as stored in {@code api_key.key_hash} */
    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** @return a new random secret, {@code gk_} and 40 base-62 characters */
    public static String newSecret() {
        StringBuilder secret = new StringBuilder("gk_");
        for (int i = 0; i < 40; i++) {
            secret.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return secret.toString();
    }

    /**
     * A key as just issued.
     *
     * @param id     key id
     * @param name   label
     * @param secret the secret, to be shown once
     */
    public record IssuedApiKey(UUID id, String name, String secret) {
    }

    /**
     * A key as listed: never the secret.
     *
     * @param id         key id
     * @param name       label
     * @param prefix     first 8 characters of the secret, to recognise it
     * @param createdAt  issue time
     * @param lastUsedAt last authenticated call, or {@code null}
     * @param revokedAt  revocation time, or {@code null} while valid
     */
    public record ApiKeyView(UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
                             Instant revokedAt) {
    }
}
