package io.genkend.customer.internal;

import io.genkend.customer.CustomerErasures;
import io.genkend.customer.ErasureParticipant;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.UUID;

import static io.genkend.schema.Tables.CUSTOMER;
import static io.genkend.schema.Tables.CUSTOMER_ERASURE;
import static io.genkend.schema.Tables.CUSTOMER_IDENTITY;

/**
 * Erasure of a customer (GDPR Art. 17), in one transaction: every {@link ErasureParticipant} removes its module's
 * data, then consents, identities and the profile go; what remains is an erasure record per identifier holding
 * only a SHA-256 hash (of tenant, kind and value), which makes a later import of the same identifier fail instead
 * of silently bringing the customer back.
 */
@Service
class CustomerErasure implements CustomerErasures {

    private static final Logger log = LoggerFactory.getLogger(CustomerErasure.class);

    private final DSLContext dsl;
    private final CustomerStore store;
    private final ConsentLedger consents;
    private final ObjectProvider<ErasureParticipant> participants;

    CustomerErasure(DSLContext dsl, CustomerStore store, ConsentLedger consents,
                    ObjectProvider<ErasureParticipant> participants) {
        this.dsl = dsl;
        this.store = store;
        this.consents = consents;
        this.participants = participants;
    }

    /** @return whether the customer existed (and is now erased) */
    @Override
    @Transactional
    public boolean erase(UUID customerId) {
        if (store.row(customerId).isEmpty()) {
            return false;
        }
        Tenant tenant = TenantContext.require();
        List<Identifier> identities = store.identities(customerId);
        for (Identifier identifier : identities) {
            dsl.insertInto(CUSTOMER_ERASURE).set(CUSTOMER_ERASURE.TENANT_ID, tenant.id())
                    .set(CUSTOMER_ERASURE.IDENTIFIER_HASH, identifier.erasureHash(tenant))
                    .onConflictDoNothing().execute();
        }
        participants.orderedStream().forEach(participant -> participant.erase(customerId));
        consents.erase(customerId);
        dsl.deleteFrom(CUSTOMER_IDENTITY).where(CUSTOMER_IDENTITY.CUSTOMER_ID.eq(customerId)).execute();
        dsl.deleteFrom(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).execute();
        log.info("Erased customer {} ({} identifiers recorded as hashes)", customerId, identities.size());
        return true;
    }
}
