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
    private final Queue<TaskCreated> committed = new ConcurrentLinkedQueue<>();

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

    /** {@code TaskCreated} as an after-commit listener sees it: only for tasks whose transaction committed. */
    @org.springframework.transaction.event.TransactionalEventListener
    void committed(TaskCreated event) {
        committed.add(event);
    }

    /** @return the {@code TaskCreated} events whose transaction committed */
    public List<TaskCreated> committedTasks() {
        return List.copyOf(committed);
    }

    /** @return the recorded events of a type */
    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
