package io.genkend.journey;

import io.genkend.decision.DecisionHistory;
import io.genkend.decision.HoldoutGroup;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The step "Add to holdout" ({@code ${addToHoldout}}) on the shared engine: the customer joins the tenant's holdout
 * group, so the next-best-offer decided after it offers nothing, and the decision says so.
 */
@IntegrationTest
class AddToHoldoutStepIT {

    private static final String MODEL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_holdoutJourney" targetNamespace="test">
              <bpmn:message id="m_holdout" name="event:holdout.requested"/>
              <bpmn:process id="holdoutJourney" isExecutable="true" camunda:historyTimeToLive="1">
                <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m_holdout"/></bpmn:startEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="addToHoldout"/>
                <bpmn:serviceTask id="addToHoldout" name="Add to holdout" camunda:asyncBefore="true"
                    camunda:modelerTemplate="io.genkend.step.addToHoldout" camunda:delegateExpression="${addToHoldout}">
                  <bpmn:extensionElements><camunda:inputOutput>
                    <camunda:inputParameter name="reason">control group of the spring campaign</camunda:inputParameter>
                  </camunda:inputOutput></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:sequenceFlow id="f2" sourceRef="addToHoldout" targetRef="decide"/>
                <bpmn:serviceTask id="decide" name="Decide" camunda:asyncBefore="true"
                    camunda:delegateExpression="${decideNextBestOffer}">
                  <bpmn:extensionElements><camunda:inputOutput>
                    <camunda:inputParameter name="context">repair.completed</camunda:inputParameter>
                  </camunda:inputOutput></bpmn:extensionElements>
                </bpmn:serviceTask>
                <bpmn:sequenceFlow id="f3" sourceRef="decide" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

    @Autowired ProcessEngine engine;
    @Autowired Journeys journeys;
    @Autowired HoldoutGroup holdout;
    @Autowired DecisionHistory decisions;
    @Autowired TestTenants testTenants;

    TestTenant tenant;

    @BeforeEach
    void tenantWithOffers() {
        BpmnAwareTests.init(engine);
        tenant = testTenants.create("holdout", "dealer");
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("holdout.bpmn", MODEL.getBytes()));
    }

    @Test
    void theCustomerJoinsTheHoldoutAndIsOfferedNothing() {
        // a customer outside the hashed holdout (2 % of ids fall inside it by themselves)
        UUID customer = java.util.stream.Stream.generate(UUID::randomUUID)
                .filter(c -> !TenantContext.callAs(tenant.tenant(), () -> holdout.contains(c))).findFirst().orElseThrow();

        ProcessInstance instance = engine.getRuntimeService().createMessageCorrelation("event:holdout.requested")
                .tenantId(tenant.tenant().camundaTenantId()).processInstanceBusinessKey(customer.toString())
                .setVariable("customerId", customer.toString()).setVariable("eventName", "holdout.requested")
                .correlateStartMessage();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(instance.getId()).count() == 0);

        assertThat(instance).hasPassedInOrder("start", "addToHoldout", "decide", "end");
        assertThat(TenantContext.callAs(tenant.tenant(), () -> holdout.contains(customer))).isTrue();
        var stored = TenantContext.callAs(tenant.tenant(), () -> decisions.forCustomer(customer, 10));
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).decision().holdout()).isTrue();
        assertThat(stored.get(0).decision().offerCode()).isNull();
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableName("inHoldout").singleResult().getValue()).isEqualTo(true);
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                .variableName("offerCodeHoldout").singleResult().getValue()).isEqualTo(true);
    }
}
