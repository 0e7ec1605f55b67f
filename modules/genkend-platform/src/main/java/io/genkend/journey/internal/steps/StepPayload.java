package io.genkend.journey.internal.steps;

import io.genkend.journey.StepExecution;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON {@code data} that webhook steps send: who, which journey, and the variables the model names. */
final class StepPayload {

    private StepPayload() {
    }

    /**
     * @param step          the execution
     * @param variablesInput name of the input that lists variable names to include (comma-separated)
     * @return {@code customerId}, {@code journey}, {@code processInstanceId}, {@code step} and the listed variables
     */
    static Map<String, Object> of(StepExecution step, String variablesInput) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("customerId", step.customerId().toString());
        payload.put("journey", step.journeyKey());
        payload.put("processInstanceId", step.processInstanceId());
        payload.put("step", step.execution().getCurrentActivityId());
        for (String name : step.listInput(variablesInput)) {
            Object value = step.get(name);
            payload.put(name, value instanceof java.util.Date date ? date.toInstant().toString() : value);
        }
        return payload;
    }
}
