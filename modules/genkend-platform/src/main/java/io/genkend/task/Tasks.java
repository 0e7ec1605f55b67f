package io.genkend.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The staff inbox over the journeys' BPMN user tasks of the current tenant (Camunda tenant id = tenant slug).
 * Another tenant's task is never found ({@link TaskNotFoundException}). The web UI and the REST API
 * ({@code /api/v1/tasks}) use it.
 */
public interface Tasks {

    /**
     * @param filter which tasks
     * @return open tasks, by due date (none last), then creation
     */
    default List<TaskView> list(TaskFilter filter) {
        return list(filter, Integer.MAX_VALUE);
    }

    /**
     * @param filter which tasks
     * @param size   at most this many (at least 1; the caller bounds it)
     * @return the first {@code size} open tasks, by due date (none last), then creation
     */
    default List<TaskView> list(TaskFilter filter, int size) {
        return list(filter, 0, size);
    }

    /**
     * @param filter which tasks
     * @param first  how many to skip (0 or more; the caller bounds it)
     * @param size   at most this many (at least 1; the caller bounds it)
     * @return open tasks {@code first} to {@code first + size - 1}, by due date (none last), then creation
     */
    List<TaskView> list(TaskFilter filter, int first, int size);

    /**
     * The inbox of a staff member: tasks assigned to them and unassigned tasks of their groups.
     *
     * @param userId the user (the assignee value, the login e-mail)
     * @param groups the user's candidate groups (see {@link #groupsOf(Set)})
     */
    List<TaskView> inbox(String userId, Set<String> groups);

    /** @return the candidate groups of a staff member with these roles (names of {@code io.genkend.security.Role}) */
    Set<String> groupsOf(Set<String> roles);

    /** @return an open task of the tenant */
    Optional<TaskView> find(String taskId);

    /**
     * The context of a task for the staff working it: the journey instance's plain variables (the triggering
     * event's properties, {@code eventName}, offer codes such as {@code taxiOffer}, {@code outreachId},
     * {@code response}); JSON values stay strings.
     *
     * @throws TaskNotFoundException when the tenant has no such open task
     */
    Map<String, Object> context(String taskId);

    /**
     * Claims a task for a user.
     *
     * @throws TaskNotFoundException when the tenant has no such open task
     * @throws TaskConflictException when someone else has claimed it
     */
    TaskView claim(String taskId, String userId);

    /**
     * Gives a claimed task back to its groups.
     *
     * @throws TaskNotFoundException when the tenant has no such open task
     */
    TaskView unclaim(String taskId);

    /**
     * Completes a task with values for its form fields (strings are converted to the field's type).
     *
     * @throws TaskNotFoundException      when the tenant has no such open task
     * @throws TaskFormInvalidException   when a value is missing, of the wrong type, or not a field of the form
     */
    void complete(String taskId, Map<String, Object> values);

    /**
     * Which tasks to list.
     *
     * @param candidateGroups tasks offered to any of these groups (empty: any)
     * @param assignee        tasks assigned to this user, or {@code null}
     * @param unassignedOnly  only tasks nobody has claimed
     */
    record TaskFilter(Set<String> candidateGroups, String assignee, boolean unassignedOnly) {
    }

    /**
     * An open task.
     *
     * @param id                task id
     * @param name              task name, such as "Book taxi"
     * @param description       documentation, or {@code null}
     * @param taskKey           the user task's BPMN element id, such as {@code bookTaxi}
     * @param journeyKey        the journey
     * @param processInstanceId the journey instance
     * @param customerId        the instance's business key (the customer), or {@code null}
     * @param assignee          who claimed it, or {@code null}
     * @param candidateGroups   groups it is offered to
     * @param createdAt         creation time
     * @param dueAt             due date, or {@code null}
     * @param overdue           whether the due date has passed
     * @param formFields        its form fields
     */
    record TaskView(String id, String name, String description, String taskKey, String journeyKey,
                    String processInstanceId, String customerId, String assignee, List<String> candidateGroups,
                    Instant createdAt, Instant dueAt, boolean overdue, List<FormField> formFields) {
    }

    /**
     * A form field of a task ({@code camunda:formData}).
     *
     * @param id           variable name
     * @param label        label for people
     * @param type         {@code string}, {@code long}, {@code boolean}, {@code date} ({@code dd/MM/yyyy}) or
     *                     {@code enum}
     * @param required     whether a value is required
     * @param defaultValue default value, or {@code null}
     * @param options      enum values (value to label), empty for other types
     */
    record FormField(String id, String label, String type, boolean required, Object defaultValue,
                     Map<String, String> options) {
    }
}
