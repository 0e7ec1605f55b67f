package io.genkend.outreach.internal;

import io.genkend.customer.Consents;
import io.genkend.customer.Purpose;
import io.genkend.outreach.MarketingObjected;
import io.genkend.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Carries an unsubscribe or objection (GDPR Art. 21) received through a message's link into the customer
 * module's consent ledger: the marketing consent of that channel (of every channel for an objection to all direct
 * marketing) is withdrawn with the source {@code objection link}, so the customer's profile, export and every
 * other module see it. Outreach honours the objection at once through {@code marketing_objection}; this runs after
 * commit, kept in the event publication registry until it succeeds.
 * <p>
 * It lives here rather than in the customer module because the outreach module already depends on the customer
 * module (consent checks); a customer-module listener on an outreach event would make a dependency cycle, which
 * Spring Modulith refuses.
 */
@Component
class ObjectionConsentWithdrawal {

    /** The {@code source} of the withdrawals recorded. */
    static final String SOURCE = "objection link";

    private static final Logger log = LoggerFactory.getLogger(ObjectionConsentWithdrawal.class);

    private final ObjectProvider<Consents> consents;

    ObjectionConsentWithdrawal(ObjectProvider<Consents> consents) {
        this.consents = consents;
    }

    @ApplicationModuleListener
    void on(MarketingObjected objected) {
        Consents ledger = consents.getIfAvailable();
        if (ledger == null) {
            return;
        }
        int withdrawn = TenantContext.callAs(objected.tenant(), () -> ledger.withdraw(objected.customerId(),
                Purpose.MARKETING, objected.channel(), objected.at(), SOURCE));
        log.info("Objection of customer {} on {}: {} marketing consent(s) withdrawn", objected.customerId(),
                objected.channel() == null ? "all channels" : objected.channel(), withdrawn);
    }
}
