package io.genkend.outreach.support;

import io.genkend.outreach.OfferResponded;
import io.genkend.outreach.OutreachSent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test probe on the outreach module's events: records every {@link OfferResponded}, and can make the transaction
 * that marks a customer's outreach sent fail once, AFTER the provider took the message, to prove that the retried
 * job does not send it again. It listens synchronously, inside the publishing transaction.
 */
@Component
public class OutreachProbe {

    private final Set<UUID> failOnceAfterHandOver = ConcurrentHashMap.newKeySet();
    private final List<OfferResponded> responses = new CopyOnWriteArrayList<>();

    /** The next "sent" of this customer's outreach fails (and rolls back) once. */
    public void failOnceAfterHandOver(UUID customerId) {
        failOnceAfterHandOver.add(customerId);
    }

    /** @return the responses published so far for a customer */
    public List<OfferResponded> responsesOf(UUID customerId) {
        return responses.stream().filter(r -> r.customerId().equals(customerId)).toList();
    }

    @EventListener
    void on(OutreachSent sent) {
        if (failOnceAfterHandOver.remove(sent.customerId())) {
            throw new IllegalStateException("injected failure after the hand-over to the provider");
        }
    }

    @EventListener
    void on(OfferResponded responded) {
        responses.add(responded);
    }
}
