package io.genkend.task.internal;

import io.genkend.api.ProblemTypes;
import io.genkend.task.TaskConflictException;
import io.genkend.task.TaskNotFoundException;
import io.genkend.task.Tasks;
import io.genkend.task.Tasks.TaskView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task inbox REST API ({@code /api/v1/tasks}) for the current tenant's systems: list by candidate group or
 * assignee, claim for a user, unclaim, complete with form values. Another tenant's task answers 404.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final Tasks tasks;

    TaskController(Tasks tasks) {
        this.tasks = tasks;
    }

    /** The most tasks one list answers ({@code size}). */
    static final int MAX_SIZE = 1000;

    /**
     * @param candidateGroup tasks offered to these groups (repeatable); none for all
     * @param assignee       tasks claimed by this user
     * @param unassigned     only unclaimed tasks
     * @param size           at most this many, the first by due date then creation (1 to {@value #MAX_SIZE}; 400
     *                       {@code validation} naming {@code size} outside); absent: every task
     * @param page           which page of {@code size} tasks, from 0 (default); 400 {@code validation} naming
     *                       {@code page} when negative, or above 0 without a {@code size}
     */
    @GetMapping
    List<TaskView> list(@RequestParam(required = false) Set<String> candidateGroup,
                        @RequestParam(required = false) String assignee,
                        @RequestParam(defaultValue = "false") boolean unassigned,
                        @RequestParam(required = false) Integer size,
                        @RequestParam(defaultValue = "0") int page) {
        if (size != null && (size < 1 || size > MAX_SIZE)) {
            throw ProblemTypes.validation("The size must be between 1 and " + MAX_SIZE + ".",
                    List.of(Map.of("field", "size", "message", "must be between 1 and " + MAX_SIZE)));
        }
        if (page < 0) {
            throw ProblemTypes.validation("The page must be 0 or more.",
                    List.of(Map.of("field", "page", "message", "must be 0 or more")));
        }
        if (page > 0 && size == null) {
            throw ProblemTypes.validation("A page above 0 needs a size.",
                    List.of(Map.of("field", "page", "message", "needs a size (1 to " + MAX_SIZE + ")")));
        }
        Tasks.TaskFilter filter = new Tasks.TaskFilter(candidateGroup == null ? Set.of() : candidateGroup, assignee,
                unassigned);
        return size == null ? tasks.list(filter, Integer.MAX_VALUE) : tasks.list(filter,
                (int) Math.min(Integer.MAX_VALUE, (long) page * size), size);
    }

    @GetMapping("/{id}")
    TaskView one(@PathVariable String id) {
        return tasks.find(id).orElseThrow(() -> new TaskNotFoundException(id));
    }

    /** @return the task's journey context (plain variables of its instance) */
    @GetMapping("/{id}/context")
    Map<String, Object> context(@PathVariable String id) {
        return tasks.context(id);
    }

    /** Body {@code {"assignee": "service@tenant"}}. */
    @PostMapping("/{id}/claim")
    TaskView claim(@PathVariable String id, @RequestBody Claim claim) {
        if (claim.assignee() == null || claim.assignee().isBlank()) {
            throw ProblemTypes.validation("The claim needs an assignee.",
                    List.of(Map.of("field", "assignee", "message", "required")));
        }
        return tasks.claim(id, claim.assignee());
    }

    @PostMapping("/{id}/unclaim")
    TaskView unclaim(@PathVariable String id) {
        return tasks.unclaim(id);
    }

    /** Body: the form values, {@code {"variables": {"taxiBooked": true}}}. */
    @PostMapping("/{id}/complete")
    ResponseEntity<Void> complete(@PathVariable String id, @RequestBody(required = false) Completion body) {
        tasks.complete(id, body == null || body.variables() == null ? Map.of() : body.variables());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(TaskNotFoundException.class)
    ProblemDetail notFound(TaskNotFoundException e) {
        return ProblemTypes.problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage()).getBody();
    }

    @ExceptionHandler(TaskConflictException.class)
    ProblemDetail conflict(TaskConflictException e) {
        return ProblemTypes.problem(HttpStatus.CONFLICT, "task-claimed", e.getMessage()).getBody();
    }

    /** @param assignee the user who claims */
    record Claim(String assignee) {
    }

    /** @param variables form values */
    record Completion(Map<String, Object> variables) {
    }
}
