package io.genkend.customer.internal;

import io.genkend.tenancy.Tenant;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One identity of a customer: its kind (a value of {@code customer_identity.kind}) and value. E-mail addresses
 * are compared in lower case.
 *
 * @param kind  {@code user_id}, {@code anonymous_id}, {@code email} or {@code phone}
 * @param value the identifier
 */
record Identifier(String kind, String value) implements Comparable<Identifier> {

    static final String USER_ID = "user_id";
    static final String ANONYMOUS_ID = "anonymous_id";
    static final String EMAIL = "email";
    static final String PHONE = "phone";

    Identifier {
        if (EMAIL.equals(kind)) {
            value = value.trim().toLowerCase(Locale.ROOT);
        }
    }

    /** @return the field name in Segment terms, for messages */
    String field() {
        return switch (kind) {
            case USER_ID -> "userId";
            case ANONYMOUS_ID -> "anonymousId";
            default -> kind;
        };
    }

    /** @return the API name of the kind: userId, anonymousId, email, phone */
    String apiKind() {
        return field();
    }

    /** @return SHA-256 hex of tenant, kind and value: what an erasure record keeps */
    String erasureHash(Tenant tenant) {
        return HexFormat.of().formatHex(sha256(tenant.id() + "|" + kind + "|" + value));
    }

    /** @return a 64-bit key for {@code pg_advisory_xact_lock}, unique enough per tenant, kind and value */
    long lockKey(Tenant tenant) {
        return ByteBuffer.wrap(sha256("customer|" + tenant.id() + "|" + kind + "|" + value)).getLong();
    }

    @Override
    public int compareTo(Identifier other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : value.compareTo(other.value);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
