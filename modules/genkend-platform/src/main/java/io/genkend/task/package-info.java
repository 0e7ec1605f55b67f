/**
 * Tasks: the staff inbox over the journeys' BPMN user tasks (claim, complete with form fields, due dates).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Task")
package io.genkend.task;
