package io.genkend.journey;

import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journeys keep Camunda's audit history without the steps' input parameters (history level
 * {@code audit-without-step-inputs}): process variables, whether set at the start, by a step or by completing a task,
 * are in the history; a step's input parameter is a runtime variable while the step runs, and never a history row.
 */
@IntegrationTest
class JourneyHistoryLevelIT {

    @Autowired TestTenants testTenants;
    @Autowired Journeys journeys;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired HistoryService history;
    @Autowired ProcessEngineConfiguration engine;

    @Test
    void processVariablesAreKeptAndStepInputsAreNot() {
        TestTenant tenant = testTenants.create("histlevel", null);
        String key = "histlevel";
        byte[] model = ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_histlevel" targetNamespace="test">
                  <bpmn:message id="m_histlevel" name="event:hist.start"/>
                  <bpmn:process id="histlevel" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_histlevel"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
                    <bpmn:userTask id="work" camunda:candidateGroups="service">
                      <bpmn:extensionElements><camunda:inputOutput>
                        <camunda:inputParameter name="stepInput">configured in the model</camunda:inputParameter>
                      </camunda:inputOutput></bpmn:extensionElements>
                    </bpmn:userTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).getBytes();
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy(key + ".bpmn", model));
        ProcessInstance instance = runtime.createMessageCorrelation("event:hist.start")
                .tenantId(tenant.tenant().slug()).processInstanceBusinessKey(UUID.randomUUID().toString())
                .setVariable("fromEvent", "windscreen").correlateStartMessage();
        Task task = tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(runtime.getVariableLocal(task.getExecutionId(), "stepInput"))
                .as("the input parameter is there while the step runs").isEqualTo("configured in the model");
        tasks.complete(task.getId(), Map.of("answer", "yes"));

        assertThat(engine.getHistory()).isEqualTo("audit-without-step-inputs");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult()
                .getState()).isEqualTo("COMPLETED");
        Map<String, Object> kept = new java.util.HashMap<>();
        for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId()).list()) {
            kept.put(v.getName(), v.getValue());
        }
        assertThat(kept).containsEntry("fromEvent", "windscreen").containsEntry("answer", "yes")
                .doesNotContainKey("stepInput");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
                .activityId("work").count()).as("steps are still in the history").isEqualTo(1);
    }
}
