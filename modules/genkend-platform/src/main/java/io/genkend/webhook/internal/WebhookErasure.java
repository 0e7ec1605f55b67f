package io.genkend.webhook.internal;

import io.genkend.customer.ErasureParticipant;
import io.genkend.webhook.WebhookEventTypes;
import io.genkend.webhook.WebhookOutbox;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.genkend.schema.Tables.WEBHOOK_DELIVERY;

/**
 * GDPR Art. 17 for webhooks: deletes the deliveries (and their attempt log) whose payload named the erased
 * customer ({@code customerId}), pending ones included, so no more personal data leaves. The
 * {@code customer.erased} deliveries themselves stay: they tell tenant systems to erase too. Then queues that
 * {@code customer.erased} webhook ({@code customerId}, {@code erasedAt}) in the erasing transaction.
 */
@Component
class WebhookErasure implements ErasureParticipant {

    private final DSLContext dsl;
    private final WebhookOutbox outbox;

    WebhookErasure(DSLContext dsl, WebhookOutbox outbox) {
        this.dsl = dsl;
        this.outbox = outbox;
    }

    @Override
    public void erase(UUID customerId) {
        dsl.deleteFrom(WEBHOOK_DELIVERY).where(WEBHOOK_DELIVERY.CUSTOMER_ID.eq(customerId))
                .and(WEBHOOK_DELIVERY.EVENT_TYPE.ne(WebhookEventTypes.CUSTOMER_ERASED)).execute();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customerId", customerId.toString());
        data.put("erasedAt", Instant.now().toString());
        outbox.enqueue(WebhookEventTypes.CUSTOMER_ERASED, data);
    }
}
