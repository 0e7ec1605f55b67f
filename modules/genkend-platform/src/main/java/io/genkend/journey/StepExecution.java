package io.genkend.journey;

import io.genkend.tenancy.Tenant;
import org.camunda.bpm.engine.delegate.DelegateExecution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * What a {@link JourneyStep} sees of the execution: its inputs (the activity's input parameters), the customer,
 * the tenant, and whether the instance is a dry (test) run.
 *
 * @param execution the Camunda execution (for anything not covered here)
 * @param tenant    the instance's tenant
 */
public record StepExecution(DelegateExecution execution, Tenant tenant) {

    /** Process variable that marks a test run: steps record what they would do and touch nothing real. */
    public static final String DRY_RUN = "genkendDryRun";

    /**
     * @param name an input parameter (or any variable visible to the activity)
     * @return its value as a string (trimmed), or {@code null} when unset or blank
     */
    public String input(String name) {
        Object value = execution.getVariable(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** @return {@link #input(String)}, or {@code fallback} when unset */
    public String input(String name, String fallback) {
        String value = input(name);
        return value == null ? fallback : value;
    }

    /**
     * @return the input's value
     * @throws StepFailedException when the input is missing (a modelling error, shown as an incident)
     */
    public String requiredInput(String name) {
        String value = input(name);
        if (value == null) {
            throw new StepFailedException("Step '" + execution.getCurrentActivityId() + "' needs the input '"
                    + name + "'");
        }
        return value;
    }

    /** @return a comma-separated input as a list of trimmed, non-empty values (empty when unset) */
    public List<String> listInput(String name) {
        String value = input(name);
        List<String> values = new ArrayList<>();
        if (value != null) {
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
        }
        return values;
    }

    /**
     * @return the customer: the variable {@code customerId} when set, else the business key
     * @throws StepFailedException when neither is a UUID
     */
    public UUID customerId() {
        Object variable = execution.getVariable("customerId");
        String value = variable != null ? variable.toString() : execution.getProcessBusinessKey();
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw new StepFailedException("The journey instance has no customer (business key '"
                    + execution.getProcessBusinessKey() + "')");
        }
    }

    /** @return whether this is a test run (variable {@value #DRY_RUN} is true) */
    public boolean dryRun() {
        return Boolean.TRUE.equals(execution.getVariable(DRY_RUN));
    }

    /** Sets a process variable (visible to the rest of the instance). */
    public void set(String name, Object value) {
        execution.setVariable(name, value);
    }

    /** @return whether a process variable is set (even to {@code null}) */
    public boolean has(String name) {
        return execution.hasVariable(name);
    }

    /** @return a process variable */
    public Object get(String name) {
        return execution.getVariable(name);
    }

    /** @return the journey (process definition) key */
    public String journeyKey() {
        String definitionId = execution.getProcessDefinitionId();
        return definitionId == null ? null : definitionId.split(":")[0];
    }

    /** @return the process instance id */
    public String processInstanceId() {
        return execution.getProcessInstanceId();
    }

    /** @return an idempotency key for this step's external effect: instance, activity and activity instance */
    public String idempotencyKey() {
        return execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId() + ":"
                + execution.getActivityInstanceId();
    }
}
