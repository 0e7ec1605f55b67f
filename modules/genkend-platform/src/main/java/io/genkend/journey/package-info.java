/**
 * Journeys: the tenant's BPMN process definitions on the embedded Camunda 7 engine, their triggers, and the step
 * library. Camunda's APIs stay behind this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Journey")
package io.genkend.journey;
