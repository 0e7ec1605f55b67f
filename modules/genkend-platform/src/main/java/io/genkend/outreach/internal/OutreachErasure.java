package io.genkend.outreach.internal;

import io.genkend.customer.ErasureParticipant;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.UUID;

import static io.genkend.schema.Tables.MARKETING_OBJECTION;
import static io.genkend.schema.Tables.OUTREACH;

/**
 * Erases a customer's outreach (content, addresses, history by cascade). Objections are personal data too, but
 * an erased customer has no profile left to message, so they go as well.
 */
@Component
class OutreachErasure implements ErasureParticipant {

    private final DSLContext dsl;

    OutreachErasure(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void erase(UUID customerId) {
        dsl.deleteFrom(OUTREACH).where(OUTREACH.CUSTOMER_ID.eq(customerId)).execute();
        dsl.deleteFrom(MARKETING_OBJECTION).where(MARKETING_OBJECTION.CUSTOMER_ID.eq(customerId)).execute();
    }
}
