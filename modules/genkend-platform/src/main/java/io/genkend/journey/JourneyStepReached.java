package io.genkend.journey;

import io.genkend.tenancy.Tenant;

import java.time.Instant;

/**
 * Published when a journey instance reaches a step (a task, a wait or an end event), in the engine's transaction;
 * for the customer timeline and webhooks ({@code journey.step}).
 *
 * @param tenant            the tenant
 * @param customerId        the instance's business key (the customer's profile id; {@code test-run:<uuid>} for a test
 *                          run), or {@code null}
 * @param journeyKey        the journey
 * @param processInstanceId the instance
 * @param activityId        the step's BPMN element id
 * @param activityName      the step's name, or {@code null}
 * @param activityType      BPMN type, such as {@code serviceTask}, {@code userTask}, {@code endEvent}
 * @param at                when
 */
public record JourneyStepReached(Tenant tenant, String customerId, String journeyKey, String processInstanceId,
                                 String activityId, String activityName, String activityType, Instant at) {
}
