/**
 * Tasks: the staff inbox over the journeys' BPMN user tasks (list by group, claim, complete with form fields, due
 * dates), tenant-scoped by Camunda tenant ids; publishes {@link io.genkend.task.TaskCreated} and
 * {@link io.genkend.task.TaskCompleted}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Task")
package io.genkend.task;
