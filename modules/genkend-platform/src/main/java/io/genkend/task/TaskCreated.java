package io.genkend.task;

import io.genkend.tenancy.Tenant;

import java.time.Instant;
import java.util.List;

/**
 * Published when a journey creates a task for staff (for webhooks {@code task.created} and the timeline).
 *
 * @param tenant            the tenant
 * @param taskId            the task
 * @param name              its name
 * @param taskKey           its BPMN element id
 * @param candidateGroups   groups it is offered to
 * @param customerId        the customer (instance business key), or {@code null}
 * @param journeyKey        the journey
 * @param processInstanceId the instance
 * @param dueAt             due date, or {@code null}
 * @param at                when
 */
public record TaskCreated(Tenant tenant, String taskId, String name, String taskKey, List<String> candidateGroups,
                          String customerId, String journeyKey, String processInstanceId, Instant dueAt,
                          Instant at) {
}
