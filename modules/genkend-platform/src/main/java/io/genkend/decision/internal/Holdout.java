package io.genkend.decision.internal;

import io.genkend.tenancy.Tenant;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The hashed holdout (control) group of each tenant: a customer is in it when the first 8 bytes of
 * SHA-256({@code tenantId:customerId}), read as an unsigned number modulo 10,000, fall below
 * {@code holdout-percent} x 100. Stable for a customer, independent between tenants, and needs no storage; the
 * customers in it get no offer, so that the uplift of offers can be measured against them.
 */
@Component
class Holdout {

    private final DecisionProperties properties;

    Holdout(DecisionProperties properties) {
        this.properties = properties;
    }

    /** @return whether the tenant's customer is in the holdout group */
    boolean contains(Tenant tenant, UUID customerId) {
        return bucket(tenant, customerId) < Math.round(properties.holdoutPercent() * 100);
    }

    /** @return the customer's bucket, 0 to 9,999 */
    static int bucket(Tenant tenant, UUID customerId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((tenant.id() + ":" + customerId).getBytes(StandardCharsets.UTF_8));
            long value = ByteBuffer.wrap(hash, 0, 8).getLong();
            return (int) Long.remainderUnsigned(value, 10_000);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
