package io.genkend.journey;

import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant's journey expressions cannot reach Java reflection, the application's beans or the engine: they may call
 * methods of values, of {@code execution}'s variables and of {@code journeyTime}, and name journey steps; scripts do
 * not run at all. What journeys legitimately write still works. A refused expression at an event's start is that
 * journey's start failure only: the event's other journeys start.
 */
@IntegrationTest
class ExpressionSafetyIT {

    @Autowired TestTenants testTenants;
    @Autowired Journeys journeys;
    @Autowired RuntimeService runtime;
    @Autowired org.springframework.context.ApplicationEventPublisher events;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

    TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = testTenants.create("elsafe", null);
    }

    /** Starts a journey whose first step evaluates {@code expression} into variable {@code result}. */
    private ProcessInstance run(String key, String expression) {
        deploy(key, key + ".start", expression);
        return runtime.createMessageCorrelation("event:" + key + ".start").tenantId(tenant.tenant().slug())
                .processInstanceBusinessKey(UUID.randomUUID().toString()).setVariable("x", "y")
                .correlateStartMessage();
    }

    /** Deploys a journey started by {@code event:<trigger>} whose first step evaluates {@code expression}. */
    private void deploy(String key, String trigger, String expression) {
        String escaped = expression.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        byte[] model = ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%3$s"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="evaluate"/>
                    <bpmn:serviceTask id="evaluate" camunda:expression="%2$s" camunda:resultVariable="result"/>
                    <bpmn:sequenceFlow id="f2" sourceRef="evaluate" targetRef="wait"/>
                    <bpmn:userTask id="wait" camunda:candidateGroups="service"/>
                    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """).formatted(key, escaped, trigger).getBytes();
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy(key + ".bpmn", model));
    }

    @Test
    void reflectionBeansAndTheEngineAreOutOfReach() {
        assertThatThrownBy(() -> run("reflect",
                "${\"\".getClass().forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null)"
                        + ".availableProcessors()}"))
                .hasMessageContaining("may not call getClass()");
        assertThatThrownBy(() -> run("classprop", "${x.class.name}"))
                .hasMessageContaining("may not read class");
        assertThatThrownBy(() -> run("bean", "${runtimeService.createProcessInstanceQuery().count()}"))
                .hasMessageContaining("runtimeService");
        assertThatThrownBy(() -> run("datasource", "${dataSource}"))
                .hasMessageContaining("dataSource");
        assertThatThrownBy(() -> run("engine", "${execution.getProcessEngineServices().getRuntimeService()}"))
                .hasMessageContaining("may not call getProcessEngineServices()");
        assertThatThrownBy(() -> run("engineprop", "${execution.processEngine}"))
                .hasMessageContaining("may not read processEngine");
        assertThatThrownBy(() -> run("stepcall", "${sendOutreach.execute(execution)}"))
                .hasMessageContaining("may not call execute()");
    }

    @Test
    void anExpressionRefusedAtAnEventsStartIsAStartFailureAndTheEventsOtherJourneysStart() {
        deploy("refusedStart", "elsafe.go", "${\"\".getClass().getName()}");
        deploy("allowedStart", "elsafe.go#allowed", "${\"abc\".length()}");
        UUID customer = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        transactions.executeWithoutResult(s -> events.publishEvent(new io.genkend.event.EventAccepted(
                tenant.tenant(), eventId, customer, "elsafe.go", java.util.Map.of(), java.time.Instant.now())));
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() -> runtime
                .createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug()).processDefinitionKey("allowedStart")
                .processInstanceBusinessKey(customer.toString()).count() == 1);
        assertThat(TenantContext.callAs(tenant.tenant(), () -> journeys.startFailures("refusedStart", 100)))
                .singleElement().satisfies(failure -> {
                    assertThat(failure.eventId()).isEqualTo(eventId);
                    assertThat(failure.message()).contains("may not call getClass()");
                });
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("refusedStart").count()).isZero();
    }


    @Test
    void whatJourneysWriteStillWorks() {
        assertThat(runtime.getVariable(run("values", "${\"abc\".length() + 1}").getId(), "result")).isEqualTo(4L);
        assertThat(runtime.getVariable(run("variables",
                "${execution.hasVariable('x') ? execution.getVariable('x') : 'none'}").getId(), "result"))
                .isEqualTo("y");
        assertThat(runtime.getVariable(run("businesskey", "${execution.processBusinessKey != null}").getId(),
                "result")).isEqualTo(true);
        assertThat(runtime.getVariable(run("time", "${journeyTime.inDays(1)}").getId(), "result"))
                .isInstanceOf(java.util.Date.class);
    }

    @Test
    void shellAndMailTasksAndForeignClassesAreRefused() {
        String shell = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_%1$s" targetNamespace="test">
                  <bpmn:message id="m_%1$s" name="event:%1$s.start"/>
                  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_%1$s"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="run"/>
                    <bpmn:serviceTask id="run" %2$s>
                      <bpmn:extensionElements><camunda:field name="command" stringValue="id"/></bpmn:extensionElements>
                    </bpmn:serviceTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="run" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """;
        for (String[] bad : new String[][]{{"shelltask", "camunda:type=\"shell\"", "camunda:type=\"shell\""},
                {"mailtask", "camunda:type=\"mail\"", "camunda:type=\"mail\""},
                {"behaviour", "camunda:class=\"org.camunda.bpm.engine.impl.bpmn.behavior.ShellActivityBehavior\"",
                        "may not name the class"}}) {
            byte[] model = shell.formatted(bad[0], bad[1]).getBytes();
            assertThatThrownBy(() -> TenantContext.runAs(tenant.tenant(),
                    () -> journeys.deploy(bad[0] + ".bpmn", model)))
                    .as(bad[0]).isInstanceOf(JourneyRejectedException.class)
                    .satisfies(e -> assertThat(((JourneyRejectedException) e).findings().toString()).contains(bad[2]));
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(bad[0]).count()).isZero();
        }
    }

    @Test
    void scriptsDoNotRun() {
        byte[] model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_script" targetNamespace="test">
                  <bpmn:message id="m_script" name="event:script.start"/>
                  <bpmn:process id="script" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_script"/></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="run"/>
                    <bpmn:scriptTask id="run" scriptFormat="juel" camunda:resultVariable="result">
                      <bpmn:script>${"".getClass().getName()}</bpmn:script>
                    </bpmn:scriptTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="run" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """.getBytes();
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("script.bpmn", model));
        assertThatThrownBy(() -> runtime.createMessageCorrelation("event:script.start")
                .tenantId(tenant.tenant().slug()).processInstanceBusinessKey(UUID.randomUUID().toString())
                .correlateStartMessage())
                .hasMessageContaining("Scripts (juel) are not run");
    }
}
