package io.genkend.journey.internal;

import org.camunda.bpm.engine.impl.history.HistoryLevelAudit;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * Camunda history level {@value #NAME} (id {@value #ID}): everything of the built-in level {@code audit} (process,
 * activity and task instances, variables: what Genkend reads back for counts, the report, the trail, the timeline and
 * the data export) except the variables local to a step's own scope, that is a step's input parameters
 * ({@code camunda:inputParameter}: {@code categories}, {@code context}, {@code resultVariable}, {@code template}, ...).
 * They are configuration copied from the model into every instance, nine history rows per event in the dealer
 * journey that nothing reads. A variable counts as step-local when its execution is not the process instance's
 * (variables set with {@code setVariable} live on the process instance and are kept); the same test for creation,
 * update, deletion and migration, so no update ever looks for a row that was not written. Registered as a custom
 * history level (Camunda user guide, "History configuration" and the custom-history-level engine plugin example);
 * migration {@code V99} moves databases from {@code audit} to it.
 */
final class JourneyHistoryLevel extends HistoryLevelAudit {

    /** The name in {@code camunda.bpm.history-level}. */
    static final String NAME = "audit-without-step-inputs";
    /** The id stored in {@code ACT_GE_PROPERTY.historyLevel}; not one of the built-in 0 to 3. */
    static final int ID = 21;

    @Override
    public int getId() {
        return ID;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        if (isVariableEvent(eventType) && entity instanceof VariableInstanceEntity variable
                && variable.getExecutionId() != null && variable.getProcessInstanceId() != null
                && !variable.getExecutionId().equals(variable.getProcessInstanceId())) {
            return false;
        }
        return super.isHistoryEventProduced(eventType, entity);
    }

    private static boolean isVariableEvent(HistoryEventType eventType) {
        return eventType == HistoryEventTypes.VARIABLE_INSTANCE_CREATE
                || eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE
                || eventType == HistoryEventTypes.VARIABLE_INSTANCE_DELETE
                || eventType == HistoryEventTypes.VARIABLE_INSTANCE_MIGRATE
                || eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL;
    }
}
