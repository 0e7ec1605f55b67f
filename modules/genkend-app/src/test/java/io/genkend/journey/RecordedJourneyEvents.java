package io.genkend.journey;

import io.genkend.task.TaskCompleted;
import io.genkend.task.TaskCreated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records the journey and task modules' published events, for tests to look at (whatever thread published). */
@Component
public class RecordedJourneyEvents {

    private final Queue<Object> events = new ConcurrentLinkedQueue<>();

    @EventListener
    void on(JourneyStepReached event) {
        events.add(event);
    }

    @EventListener
    void on(JourneyEntered event) {
        events.add(event);
    }

    @EventListener
    void on(JourneyConverted event) {
        events.add(event);
    }

    @EventListener
    void on(TaskCreated event) {
        events.add(event);
    }

    @EventListener
    void on(TaskCompleted event) {
        events.add(event);
    }

    /** @return the recorded events of a type */
    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
