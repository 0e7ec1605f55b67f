/**
 * Journeys: the tenant's BPMN process definitions on the embedded Camunda 7 engine, their triggers (message start
 * events {@code event:<name>}, waits {@code event:<name>}, {@code response:<offer code>} and
 * {@code callback:<token>}), entry rules and exit events, and the step library. Camunda's APIs stay behind this
 * module (and {@code task}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Journey")
package io.genkend.journey;
