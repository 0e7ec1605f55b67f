package io.genkend.task;

import io.genkend.tenancy.Tenant;

import java.time.Instant;

/**
 * Published when staff complete a task (for webhooks {@code task.completed} and the timeline).
 *
 * @param tenant            the tenant
 * @param taskId            the task
 * @param name              its name
 * @param taskKey           its BPMN element id
 * @param assignee          who completed it, or {@code null}
 * @param customerId        the customer, or {@code null}
 * @param journeyKey        the journey
 * @param processInstanceId the instance
 * @param at                when
 */
public record TaskCompleted(Tenant tenant, String taskId, String name, String taskKey, String assignee,
                            String customerId, String journeyKey, String processInstanceId, Instant at) {
}
