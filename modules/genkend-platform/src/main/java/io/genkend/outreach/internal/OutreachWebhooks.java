package io.genkend.outreach.internal;

import io.genkend.outreach.OfferResponded;
import io.genkend.outreach.OutreachSent;
import io.genkend.tenancy.TenantContext;
import io.genkend.webhook.WebhookEventTypes;
import io.genkend.webhook.WebhookOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the tenant's systems what became of an outreach: {@code outreach.status-changed} (status {@code SENT})
 * when the provider took a message and {@code offer.responded} when the customer answered an offer (or ignored
 * it), with {@code customerId}, queued after the outreach transaction commits.
 * <p>
 * It lives in the outreach module, not the webhook module, because outreach already depends on the webhook module
 * (the webhook channel); a webhook-module listener on an outreach event would make a dependency cycle, which
 * Spring Modulith refuses.
 */
@Component
class OutreachWebhooks {

    private final ObjectProvider<WebhookOutbox> outbox;

    OutreachWebhooks(ObjectProvider<WebhookOutbox> outbox) {
        this.outbox = outbox;
    }

    @ApplicationModuleListener
    void on(OutreachSent sent) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerId", sent.customerId().toString());
        data.put("outreachId", sent.outreachId().toString());
        data.put("status", OutreachStatus.SENT.name());
        data.put("channel", sent.channel() == null ? null : sent.channel().name());
        data.put("offer", sent.offerCode());
        data.put("at", sent.at().toString());
        enqueue(sent.tenant(), WebhookEventTypes.OUTREACH_STATUS_CHANGED, data);
    }

    @ApplicationModuleListener
    void on(OfferResponded responded) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerId", responded.customerId().toString());
        data.put("outreachId", responded.outreachId() == null ? null : responded.outreachId().toString());
        data.put("offer", responded.offerCode());
        data.put("response", responded.response());
        data.put("at", responded.at().toString());
        enqueue(responded.tenant(), WebhookEventTypes.OFFER_RESPONDED, data);
    }

    private void enqueue(io.genkend.tenancy.Tenant tenant, String type, Map<String, Object> data) {
        WebhookOutbox webhooks = outbox.getIfAvailable();
        if (webhooks != null) {
            TenantContext.runAs(tenant, () -> webhooks.enqueue(type, data));
        }
    }
}
