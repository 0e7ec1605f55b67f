package io.genkend.event;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link EventAccepted} published, so that tests can see what journeys would receive. */
@Component
public class AcceptedEvents {

    private final List<EventAccepted> seen = new CopyOnWriteArrayList<>();

    @EventListener
    void on(EventAccepted event) {
        seen.add(event);
    }

    /** @return how many were published for this event id */
    public long count(UUID eventId) {
        return seen.stream().filter(e -> e.eventId().equals(eventId)).count();
    }

    /** @return the published event with this id */
    public EventAccepted get(UUID eventId) {
        return seen.stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElseThrow();
    }
}
