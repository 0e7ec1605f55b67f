package io.genkend.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Genkend's journey rule "no timer start event": a journey instance belongs to one customer and starts on that
 * customer's event, so a process whose start event is a timer (it would start customer-less instances on a clock)
 * is an error finding on that element, at validate and at deploy, in the API and in the designer, and nothing is
 * deployed; the same for signal and conditional start events, which start instances on a broadcast or a condition.
 * Start events of an event subprocess (inside a customer's instance) stay allowed. Also: a
 * refused model is logged in one line, without the engine's stack trace.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TimerStartRuleIT {

    /** Starts an instance every 5 s, as the shared order-handling and loan-granting examples do. */
    static final String TIMER_STARTED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_tick" targetNamespace="test">
              <bpmn:process id="tick" isExecutable="true" camunda:historyTimeToLive="1">
                <bpmn:startEvent id="everyFiveSeconds">
                  <bpmn:timerEventDefinition><bpmn:timeCycle>R/PT5S</bpmn:timeCycle></bpmn:timerEventDefinition>
                </bpmn:startEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="everyFiveSeconds" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

    /** Started by an event; an event subprocess reminds the customer's instance after a day. */
    static final String EVENT_STARTED_WITH_TIMER_SUBPROCESS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_tick" targetNamespace="test">
              <bpmn:message id="m_tick" name="event:tick.happened"/>
              <bpmn:process id="tick" isExecutable="true" camunda:historyTimeToLive="1">
                <bpmn:startEvent id="ticked"><bpmn:messageEventDefinition messageRef="m_tick"/></bpmn:startEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="ticked" targetRef="work"/>
                <bpmn:userTask id="work" camunda:candidateGroups="service"/>
                <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                <bpmn:subProcess id="reminder" triggeredByEvent="true">
                  <bpmn:startEvent id="afterADay" isInterrupting="false">
                    <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
                  </bpmn:startEvent>
                  <bpmn:sequenceFlow id="r1" sourceRef="afterADay" targetRef="reminded"/>
                  <bpmn:endEvent id="reminded"/>
                </bpmn:subProcess>
              </bpmn:process>
            </bpmn:definitions>
            """;

    /** Started by a broadcast signal and by a condition on variables: neither names a customer. */
    static final String SIGNAL_AND_CONDITION_STARTED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_broadcast" targetNamespace="test">
              <bpmn:signal id="s_sale" name="sale.started"/>
              <bpmn:process id="broadcast" isExecutable="true" camunda:historyTimeToLive="1">
                <bpmn:startEvent id="onSale"><bpmn:signalEventDefinition signalRef="s_sale"/></bpmn:startEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="onSale" targetRef="end"/>
                <bpmn:startEvent id="whenStockIsLow">
                  <bpmn:conditionalEventDefinition>
                    <bpmn:condition xsi:type="bpmn:tFormalExpression"
                        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${stock &lt; 5}</bpmn:condition>
                  </bpmn:conditionalEventDefinition>
                </bpmn:startEvent>
                <bpmn:sequenceFlow id="f2" sourceRef="whenStockIsLow" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

    /** Started by an event; event subprocesses react to a signal and a condition inside the customer's instance. */
    static final String EVENT_STARTED_WITH_SIGNAL_AND_CONDITION_SUBPROCESSES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_broadcast" targetNamespace="test">
              <bpmn:message id="m_sale" name="event:sale.viewed"/>
              <bpmn:signal id="s_sale" name="sale.ended"/>
              <bpmn:process id="broadcast" isExecutable="true" camunda:historyTimeToLive="1">
                <bpmn:startEvent id="viewed"><bpmn:messageEventDefinition messageRef="m_sale"/></bpmn:startEvent>
                <bpmn:sequenceFlow id="f1" sourceRef="viewed" targetRef="work"/>
                <bpmn:userTask id="work" camunda:candidateGroups="service"/>
                <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
                <bpmn:endEvent id="end"/>
                <bpmn:subProcess id="saleEnded" triggeredByEvent="true">
                  <bpmn:startEvent id="onSaleEnded" isInterrupting="false">
                    <bpmn:signalEventDefinition signalRef="s_sale"/>
                  </bpmn:startEvent>
                  <bpmn:sequenceFlow id="r1" sourceRef="onSaleEnded" targetRef="ended"/>
                  <bpmn:endEvent id="ended"/>
                </bpmn:subProcess>
                <bpmn:subProcess id="lowStock" triggeredByEvent="true">
                  <bpmn:startEvent id="whenStockIsLow" isInterrupting="false">
                    <bpmn:conditionalEventDefinition>
                      <bpmn:condition xsi:type="bpmn:tFormalExpression"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${stock &lt; 5}</bpmn:condition>
                    </bpmn:conditionalEventDefinition>
                  </bpmn:startEvent>
                  <bpmn:sequenceFlow id="c1" sourceRef="whenStockIsLow" targetRef="told"/>
                  <bpmn:endEvent id="told"/>
                </bpmn:subProcess>
              </bpmn:process>
            </bpmn:definitions>
            """;

    @Autowired TestTenants testTenants;
    @Autowired RepositoryService repository;
    @Autowired ManagementService management;
    @LocalServerPort int port;

    final ObjectMapper json = new ObjectMapper();
    TestTenant tenant;
    Http http;

    @BeforeEach
    void tenant() {
        tenant = testTenants.create("timer-start", null);
        http = new Http(port);
    }

    private HttpResponse<String> upload(String path, String fileName, String model) {
        Multipart body = Multipart.file("file", fileName, model.getBytes());
        return http.send(http.request(path).header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", body.contentType()).header("Accept", "application/json")
                .POST(body.publisher()).build());
    }

    private static void assertTimerStartError(JsonNode finding) {
        assertThat(finding.path("severity").asText()).isEqualTo("error");
        assertThat(finding.path("message").asText())
                .contains("A timer start event starts instances without a customer")
                .contains("start the journey on an event (message start event");
        assertThat(finding.path("line").asInt()).isEqualTo(5);
    }

    @Test
    void validateAndDeployOverTheApiRefuseATimerStartEventNamingTheElement() throws IOException {
        HttpResponse<String> validated = upload("/api/v1/journeys/validate", "tick.bpmn", TIMER_STARTED);
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(400);
        assertThat(validated.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(validated.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/journey-rejected");
        assertThat(problem.path("detail").asText()).contains("timer start event", "everyFiveSeconds");
        assertThat(problem.path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("field").asText()).isEqualTo("everyFiveSeconds");
            assertTimerStartError(error);
        });

        HttpResponse<String> deployed = upload("/api/v1/journeys", "tick.bpmn", TIMER_STARTED);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(400);
        assertThat(json.readTree(deployed.body()).path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("field").asText()).isEqualTo("everyFiveSeconds");
            assertTimerStartError(error);
        });
        // nothing deployed: no definition, and no timer job starting instances every 5 s
        assertThat(repository.createProcessDefinitionQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("tick").count()).isZero();
        assertThat(management.createJobQuery().tenantIdIn(tenant.tenant().slug()).timers().count()).isZero();
        assertThat(http.getWithKey("/api/v1/journeys/tick", tenant.apiKey().secret()).statusCode()).isEqualTo(404);
    }

    @Test
    void aTimerStartEventOfAnEventSubprocessIsAllowed() throws IOException {
        HttpResponse<String> deployed = upload("/api/v1/journeys", "tick.bpmn", EVENT_STARTED_WITH_TIMER_SUBPROCESS);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        assertThat(json.readTree(deployed.body()).path("findings").toString()).doesNotContain("timer start");
    }

    @Test
    void signalAndConditionalStartEventsOfAProcessAreRefusedLikeATimer() throws IOException {
        for (String path : new String[] {"/api/v1/journeys/validate", "/api/v1/journeys"}) {
            HttpResponse<String> answer = upload(path, "broadcast.bpmn", SIGNAL_AND_CONDITION_STARTED);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/journey-rejected");
            assertThat(problem.path("errors")).hasSize(2);
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("onSale");
            assertThat(problem.path("errors").get(0).path("severity").asText()).isEqualTo("error");
            assertThat(problem.path("errors").get(0).path("message").asText())
                    .contains("A signal start event starts instances without a customer")
                    .contains("start the journey on an event (message start event");
            assertThat(problem.path("errors").get(0).path("line").asInt()).isEqualTo(6);
            assertThat(problem.path("errors").get(1).path("field").asText()).isEqualTo("whenStockIsLow");
            assertThat(problem.path("errors").get(1).path("severity").asText()).isEqualTo("error");
            assertThat(problem.path("errors").get(1).path("message").asText())
                    .contains("A conditional start event starts instances without a customer")
                    .contains("start the journey on an event (message start event");
            assertThat(problem.path("errors").get(1).path("line").asInt()).isEqualTo(8);
        }
        assertThat(repository.createProcessDefinitionQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("broadcast").count()).isZero();
    }

    @Test
    void signalAndConditionalStartEventsOfEventSubprocessesAreAllowed() throws IOException {
        HttpResponse<String> deployed = upload("/api/v1/journeys", "broadcast.bpmn",
                EVENT_STARTED_WITH_SIGNAL_AND_CONDITION_SUBPROCESSES);
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        assertThat(json.readTree(deployed.body()).path("findings").toString())
                .doesNotContain("signal start").doesNotContain("conditional start");
    }

    @Test
    void theDesignersValidateAndDeployShowTheErrorOnTheElement() throws IOException {
        assertThat(upload("/api/v1/journeys", "tick.bpmn", EVENT_STARTED_WITH_TIMER_SUBPROCESS).statusCode())
                .isEqualTo(201);
        http.login(tenant.user("marketer"), TestTenants.PASSWORD);
        String token = http.csrfToken("/journeys");

        HttpResponse<String> validated = http.send(http.request("/journeys/tick/validate")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.ofString(TIMER_STARTED)).build());
        assertThat(validated.statusCode()).as(validated.body()).isEqualTo(200);
        JsonNode answer = json.readTree(validated.body());
        assertThat(answer.path("valid").asBoolean()).isFalse();
        assertThat(answer.path("findings")).singleElement().satisfies(finding -> {
            assertThat(finding.path("elementId").asText()).isEqualTo("everyFiveSeconds");
            assertTimerStartError(finding);
        });

        HttpResponse<String> deployed = http.send(http.request("/journeys/tick/deploy")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.ofString(TIMER_STARTED)).build());
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(422);
        assertThat(json.readTree(deployed.body()).path("findings")).singleElement()
                .satisfies(finding -> assertThat(finding.path("elementId").asText()).isEqualTo("everyFiveSeconds"));
        assertThat(repository.createProcessDefinitionQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("tick").count()).isEqualTo(1);
    }

    @Test
    void aModelTheEngineRefusesIsLoggedInOneLineWithoutTheStackTrace(CapturedOutput output) {
        String broken = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="test">
                  <process id="noStart" isExecutable="true"/>
                </definitions>
                """;
        int before = output.getAll().length();
        HttpResponse<String> answer = upload("/api/v1/journeys", "noStart.bpmn", broken);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("ENGINE-");
        HttpResponse<String> notXml = upload("/api/v1/journeys", "notXml.bpmn", "<definitions><oops");
        assertThat(notXml.statusCode()).as(notXml.body()).isEqualTo(400);

        String logged = output.getAll().substring(before);
        // the parser's reasons follow "Errors:" on the same line
        assertThat(logged).containsPattern("The engine refused noStart\\.bpmn: ENGINE-09005 [^\\n]*Errors: \\S")
                .contains("The engine refused notXml.bpmn: ENGINE-09003");
        // not ENGINE-16004 at ERROR with the parser's stack trace
        assertThat(logged).doesNotContain("Exception while closing command context: ENGINE-09")
                .doesNotContain("at org.camunda.bpm.engine.impl.bpmn.parser");
        assertThat(logged.lines().filter(line -> line.contains("noStart.bpmn"))).hasSize(1);
        assertThat(logged.lines().filter(line -> line.contains("notXml.bpmn"))).hasSize(1);
    }
}
