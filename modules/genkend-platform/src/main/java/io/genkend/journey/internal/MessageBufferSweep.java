package io.genkend.journey.internal;

import io.genkend.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety net of the {@link MessageBuffer}: every {@code genkend.journey.message-buffer-sweep} (default one
 * minute) it delivers buffered messages that an instance of their customer waits for but that the catch-event
 * listener missed (the message was buffered while the instance reached the wait in another transaction), and
 * deletes expired ones. Safe on several replicas: a delivery locks its message ({@code SKIP LOCKED}).
 */
@Component
class MessageBufferSweep {

    private static final Logger log = LoggerFactory.getLogger(MessageBufferSweep.class);
    private static final int BATCH = 200;

    private final MessageBuffer buffer;
    private final JourneyTriggers triggers;
    private final TenantSlugs tenants;

    MessageBufferSweep(MessageBuffer buffer, JourneyTriggers triggers, TenantSlugs tenants) {
        this.buffer = buffer;
        this.triggers = triggers;
        this.tenants = tenants;
    }

    @Scheduled(fixedDelayString = "${genkend.journey.message-buffer-sweep:PT1M}",
            initialDelayString = "${genkend.journey.message-buffer-sweep:PT1M}")
    void sweep() {
        try {
            int delivered = 0;
            for (MessageBuffer.Due due : buffer.due(BATCH)) {
                boolean done = tenants.find(due.tenantSlug()).map(tenant -> TenantContext.callAs(tenant,
                        () -> triggers.deliverBuffered(tenant, due.customerId(), due.messageName()))).orElse(false);
                delivered += done ? 1 : 0;
            }
            int purged = buffer.purgeExpired();
            if (delivered > 0 || purged > 0) {
                log.info("Message buffer: {} delivered late, {} expired", delivered, purged);
            }
        } catch (RuntimeException e) {
            log.warn("Message buffer sweep failed, trying again at the next: {}", e.getMessage());
        }
    }
}
