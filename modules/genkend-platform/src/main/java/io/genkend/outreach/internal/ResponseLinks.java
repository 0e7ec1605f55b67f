package io.genkend.outreach.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed, expiring response links: {@code <public-base-url>/r/<token>}, where the token is
 * base64url(tenant id, outreach id, action, expiry in epoch seconds) "." base64url(HMAC-SHA256 of that part),
 * keyed by {@code genkend.outreach.link-secret}. A token cannot be forged, changed to another action or outreach,
 * or used after it expires; it carries the tenant because the link is opened without a login.
 */
@Component
class ResponseLinks {

    private static final Logger log = LoggerFactory.getLogger(ResponseLinks.class);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a link does. */
    enum Action {
        ACCEPT, DECLINE, UNSUBSCRIBE, OBJECT
    }

    private final byte[] secret;
    private final OutreachProperties properties;
    private final Clock clock;

    ResponseLinks(OutreachProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        if (properties.linkSecret() == null || properties.linkSecret().length() < 32) {
            log.warn("genkend.outreach.link-secret is unset or shorter than 32 characters: response links use a "
                    + "random key and stop working at restart; set one shared by every replica");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            this.secret = random;
        } else {
            this.secret = properties.linkSecret().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** @return the absolute URL of a link for an outreach */
    String url(UUID tenantId, UUID outreachId, Action action) {
        return properties.publicBaseUrl().replaceAll("/+$", "") + "/r/" + token(tenantId, outreachId, action);
    }

    /** @return a signed token for an outreach and action, valid for {@code genkend.outreach.link-validity} */
    String token(UUID tenantId, UUID outreachId, Action action) {
        ByteBuffer payload = ByteBuffer.allocate(41);
        payload.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
        payload.putLong(outreachId.getMostSignificantBits()).putLong(outreachId.getLeastSignificantBits());
        payload.put((byte) action.ordinal());
        payload.putLong(clock.instant().plus(properties.linkValidity()).getEpochSecond());
        String body = ENCODER.encodeToString(payload.array());
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    /**
     * Verifies a token.
     *
     * @return the link, or empty when the token is malformed or its signature wrong; an expired link is returned
     *         with {@link Link#expired()} set
     */
    Optional<Link> verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(body))) {
                return Optional.empty();
            }
            ByteBuffer payload = ByteBuffer.wrap(DECODER.decode(body));
            if (payload.remaining() != 41) {
                return Optional.empty();
            }
            UUID tenant = new UUID(payload.getLong(), payload.getLong());
            UUID outreach = new UUID(payload.getLong(), payload.getLong());
            int action = payload.get();
            Instant expires = Instant.ofEpochSecond(payload.getLong());
            if (action < 0 || action >= Action.values().length) {
                return Optional.empty();
            }
            return Optional.of(new Link(tenant, outreach, Action.values()[action], expires.isBefore(clock.instant())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A verified link.
     *
     * @param tenantId   the tenant
     * @param outreachId the outreach
     * @param action     what it does
     * @param expired    whether it is past its expiry
     */
    record Link(UUID tenantId, UUID outreachId, Action action, boolean expired) {
    }
}
