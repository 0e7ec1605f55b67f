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
 * deletes expired ones. Safe on several replicas: a delivery locks its message ({@code SKIP LOCKED}). The same
 * sweep deletes start failures resolved more than {@code genkend.journey.start-failure-retention} ago (default 30
 * days; they keep the event's properties, personal data no longer needed once the journey started), of every
 * tenant; open ones stay until retried or the customer is erased (deleting twice on two replicas is harmless).
 */
@Component
class MessageBufferSweep {

    private static final Logger log = LoggerFactory.getLogger(MessageBufferSweep.class);
    private static final int BATCH = 200;

    private final MessageBuffer buffer;
    private final JourneyTriggers triggers;
    private final TenantSlugs tenants;
    private final StartFailures failures;
    private final JourneyProperties properties;

    MessageBufferSweep(MessageBuffer buffer, JourneyTriggers triggers, TenantSlugs tenants, StartFailures failures,
                       JourneyProperties properties) {
        this.buffer = buffer;
        this.triggers = triggers;
        this.tenants = tenants;
        this.failures = failures;
        this.properties = properties;
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
        try {
            int purged = failures.purgeResolved(java.time.Instant.now().minus(properties.startFailureRetention()));
            if (purged > 0) {
                log.info("Start failures: {} resolved more than {} ago deleted", purged,
                        properties.startFailureRetention());
            }
        } catch (RuntimeException e) {
            log.warn("Purge of resolved start failures failed, trying again at the next sweep: {}", e.getMessage());
        }
    }
}
