package io.genkend.decision.internal;

import io.genkend.decision.DecisionSettings;
import io.genkend.decision.HoldoutGroup;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import static io.genkend.schema.Tables.DECISION_SETTINGS;
import static io.genkend.schema.Tables.HOLDOUT_MEMBER;

/**
 * The holdout (control) group of each tenant. A customer is in it when the first 8 bytes of
 * SHA-256({@code tenantId:customerId}), read as an unsigned number modulo 10,000, fall below the tenant's holdout
 * percent x 100 ({@code genkend.decision.holdout-percent}, 2 %, unless the tenant set its own), or when a journey
 * added them explicitly. The hash is stable for a customer, independent between tenants and needs no storage.
 */
@Component
class Holdout implements HoldoutGroup, DecisionSettings {

    private final DecisionProperties properties;
    private final DSLContext dsl;

    Holdout(DecisionProperties properties, DSLContext dsl) {
        this.properties = properties;
        this.dsl = dsl;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean contains(UUID customerId) {
        Tenant tenant = TenantContext.require();
        return bucket(tenant, customerId) < Math.round(percent() * 100)
                || dsl.fetchExists(HOLDOUT_MEMBER, HOLDOUT_MEMBER.CUSTOMER_ID.eq(customerId));
    }

    @Override
    @Transactional
    public void add(UUID customerId, String reason) {
        dsl.insertInto(HOLDOUT_MEMBER)
                .set(HOLDOUT_MEMBER.TENANT_ID, TenantContext.require().id())
                .set(HOLDOUT_MEMBER.CUSTOMER_ID, customerId)
                .set(HOLDOUT_MEMBER.REASON, reason)
                .onConflictDoNothing()
                .execute();
    }

    @Override
    @Transactional(readOnly = true)
    public double holdoutPercent() {
        return percent();
    }

    @Override
    @Transactional
    public void setHoldoutPercent(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("holdoutPercent must be 0 to 100");
        }
        setPercent(percent);
    }

    /** @return the current tenant's holdout share in percent */
    @Transactional(readOnly = true)
    double percent() {
        return dsl.select(DECISION_SETTINGS.HOLDOUT_PERCENT).from(DECISION_SETTINGS)
                .fetchOptional(DECISION_SETTINGS.HOLDOUT_PERCENT).orElse(properties.holdoutPercent());
    }

    /** Sets the current tenant's holdout share. */
    @Transactional
    void setPercent(double percent) {
        dsl.insertInto(DECISION_SETTINGS)
                .set(DECISION_SETTINGS.TENANT_ID, TenantContext.require().id())
                .set(DECISION_SETTINGS.HOLDOUT_PERCENT, percent)
                .onConflict(DECISION_SETTINGS.TENANT_ID).doUpdate()
                .set(DECISION_SETTINGS.HOLDOUT_PERCENT, percent)
                .set(DECISION_SETTINGS.UPDATED_AT, Instant.now())
                .execute();
    }

    /** Removes a customer's explicit membership (erasure). */
    @Transactional
    void erase(UUID customerId) {
        dsl.deleteFrom(HOLDOUT_MEMBER).where(HOLDOUT_MEMBER.CUSTOMER_ID.eq(customerId)).execute();
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
