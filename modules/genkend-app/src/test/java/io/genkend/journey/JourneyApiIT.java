package io.genkend.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journeys REST API over real HTTP: deploying other people's models (../shared/data/bpmn when present),
 * refusals with the engine's reason as problem+json, versions, suspend and activate, statistics and incidents,
 * start failures and their retry, and tenant isolation (another tenant's journey is 404).
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class JourneyApiIT {

    @Autowired TestTenants testTenants;
    @Autowired io.genkend.outreach.support.TestCustomers customers;
    @Autowired RuntimeService runtime;
    @Autowired org.camunda.bpm.engine.RepositoryService repository;
    @Autowired ManagementService management;
    @Autowired org.springframework.context.ApplicationEventPublisher events;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
    @Autowired org.jooq.DSLContext dsl;
    @Autowired io.genkend.customer.CustomerProfiles profiles;
    @LocalServerPort int port;

    final ObjectMapper json = new ObjectMapper();
    TestTenant tenant;
    Http http;

    @BeforeEach
    void tenant() {
        tenant = testTenants.create("journey-api", null);
        http = new Http(port);
    }

    private HttpResponse<String> deploy(TestTenant who, String fileName, byte[] content) {
        Multipart body = Multipart.file("file", fileName, content);
        return http.send(http.request("/api/v1/journeys").header("Authorization", "Bearer " + who.apiKey().secret())
                .header("Content-Type", body.contentType()).header("Accept", "application/json")
                .POST(body.publisher()).build());
    }

    private HttpResponse<String> post(TestTenant who, String path) {
        return http.send(http.request(path).header("Authorization", "Bearer " + who.apiKey().secret())
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode read(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    private static byte[] resource(String location) throws IOException {
        try (var in = new ClassPathResource(location).getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** @return ../shared/data/bpmn/{kind} seen from the working directory or its parents, if present */
    private static Path sharedBpmn(String kind) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/bpmn").resolve(kind);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            candidate = dir.resolveSibling("shared").resolve("data/bpmn").resolve(kind);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyValidSharedModelDeploysWithFindingsForUnknownDelegates() throws IOException {
        Path valid = sharedBpmn("valid");
        Assumptions.assumeTrue(valid != null, "../shared/data/bpmn is not on this machine");
        int deployed = 0;
        for (Path file : files(valid)) {
            HttpResponse<String> answer = deploy(tenant, file.getFileName().toString(), Files.readAllBytes(file));
            String timerStart = timerStartEvent(file);
            if (timerStart != null) {
                // order-handling and loan-granting start an instance every 5 s: no customer, so refused
                assertThat(answer.statusCode()).as(file + ": " + answer.body()).isEqualTo(400);
                assertThat(read(answer).path("errors")).as(file.toString()).anySatisfy(error -> {
                    assertThat(error.path("field").asText()).isEqualTo(timerStart);
                    assertThat(error.path("severity").asText()).isEqualTo("error");
                    assertThat(error.path("message").asText()).startsWith("A timer start event starts instances"
                            + " without a customer; start the journey on an event (message start event");
                    assertThat(error.path("line").asInt()).isPositive();
                });
                continue;
            }
            deployed++;
            assertThat(answer.statusCode()).as(file + ": " + answer.body()).isEqualTo(201);
            JsonNode body = read(answer);
            assertThat(body.path("deploymentId").asText()).isNotBlank();
            if (Files.readString(file).contains("com.camunda.bpm.cob.LoggerDelegate")) {
                assertThat(body.path("findings").toString()).as(file.toString())
                        .contains("Unknown delegate class 'com.camunda.bpm.cob.LoggerDelegate'");
            }
            if (Files.readString(file).contains("${calculateScore}")) {
                assertThat(body.path("findings").toString()).contains("Unknown delegate bean 'calculateScore'");
            }
            java.util.regex.Matcher script = java.util.regex.Pattern.compile("scriptFormat=\"([^\"]+)\"")
                    .matcher(Files.readString(file));
            while (script.find()) {
                // no script runs in a journey (JourneyEnginePlugin.NoScripts): each is a warning naming its language
                assertThat(body.path("findings").toString()).as(file.toString())
                        .contains("Scripts (" + script.group(1) + ") are not run in Genkend journeys");
            }
        }
        HttpResponse<String> list = http.getWithKey("/api/v1/journeys", tenant.apiKey().secret());
        assertThat(read(list).size()).isGreaterThanOrEqualTo(deployed);
        assertThat(deployed).isLessThan(files(valid).size());
    }

    /** @return the id of a start event with a timer directly in a process of the model, or {@code null} */
    private static String timerStartEvent(Path file) throws IOException {
        var model = org.camunda.bpm.model.bpmn.Bpmn.readModelFromFile(file.toFile());
        for (var process : model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class)) {
            for (var start : process.getChildElementsByType(org.camunda.bpm.model.bpmn.instance.StartEvent.class)) {
                if (!start.getEventDefinitions().stream().filter(d -> d instanceof
                        org.camunda.bpm.model.bpmn.instance.TimerEventDefinition).toList().isEmpty()) {
                    return start.getId();
                }
            }
        }
        return null;
    }

    @Test
    void aScriptInALanguageWithoutAnEngineIsAFindingAtDeployAndValidate() throws IOException {
        byte[] model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="test">
                  <bpmn:process id="scripted" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="start"/>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="score"/>
                    <bpmn:scriptTask id="score" scriptFormat="javascript">
                      <bpmn:script>execution.setVariable("score", 1)</bpmn:script>
                    </bpmn:scriptTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="score" targetRef="choose"/>
                    <bpmn:exclusiveGateway id="choose" default="f4"/>
                    <bpmn:sequenceFlow id="f3" sourceRef="choose" targetRef="end">
                      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="ecmascript">score &gt; 0</bpmn:conditionExpression>
                    </bpmn:sequenceFlow>
                    <bpmn:sequenceFlow id="f4" sourceRef="choose" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """.getBytes();
        HttpResponse<String> answer = deploy(tenant, "scripted.bpmn", model);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode findings = read(answer).path("findings");
        assertThat(findings.toString()).contains("Scripts (javascript) are not run")
                .contains("Scripts (ecmascript) are not run").contains("would fail at run time");
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.path("elementId").asText()).isEqualTo("score");
            assertThat(f.path("severity").asText()).isEqualTo("warning");
            assertThat(f.path("line").asInt()).isEqualTo(8); // the scriptTask's line, as errors carry theirs
        });
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.path("elementId").asText()).isEqualTo("f3");
            assertThat(f.path("line").asInt()).isEqualTo(13); // the flow whose condition it is
        });
        assertThat(findings.toString()).doesNotContain("\"line\":0");
    }

    @Test
    void everyInvalidSharedModelIsRefusedWithTheEnginesReasonButTheFailingTimerCycleFailsAtRunTime()
            throws IOException {
        Path invalid = sharedBpmn("invalid");
        Assumptions.assumeTrue(invalid != null, "../shared/data/bpmn is not on this machine");
        for (Path file : files(invalid)) {
            String name = file.getFileName().toString();
            HttpResponse<String> answer = deploy(tenant, name, Files.readAllBytes(file));
            if (name.contains("testFailingTimeCycle")) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
                assertThat(answer.body()).contains("Unknown delegate class");
                continue;
            }
            assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode problem = read(answer);
            assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/journey-rejected");
            assertThat(problem.path("detail").asText()).contains("ENGINE-");
            assertThat(problem.path("errors").size()).isPositive();
        }

        // the failing timer cycle: start it, let the timer fire into the missing class, and see the incident
        String instanceId = runtime.createProcessInstanceByKey("process")
                .processDefinitionTenantId(tenant.tenant().slug()).businessKey("incident-check").execute().getId();
        Job timer = management.createJobQuery().processInstanceId(instanceId).timers().singleResult();
        for (int attempt = 0; attempt < 5 && runtime.createIncidentQuery().processInstanceId(instanceId).count() == 0;
             attempt++) {
            assertThatThrownBy(() -> management.executeJob(timer.getId())).isNotNull();
        }
        HttpResponse<String> incidents = http.getWithKey("/api/v1/journeys/process/incidents",
                tenant.apiKey().secret());
        assertThat(incidents.statusCode()).isEqualTo(200);
        JsonNode incident = read(incidents).get(0);
        assertThat(incident.path("activityId").asText()).isIn("timer", "failingService");
        assertThat(incident.path("type").asText()).isEqualTo("failedJob");
        assertThat(incident.path("message").asText() + incident.path("cause").asText()).contains("FailingDelegate");
        HttpResponse<String> stats = http.getWithKey("/api/v1/journeys/process/stats", tenant.apiKey().secret());
        assertThat(stats.body()).contains("\"incidents\":1");
    }

    @Test
    void anIncidentOfATimerStartJobIsListedThoughNoInstanceExists() throws IOException {
        String model = """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d_nightly" targetNamespace="test">
                  <bpmn:process id="nightly" isExecutable="true" camunda:historyTimeToLive="1">
                    <bpmn:startEvent id="everyNight">
                      <bpmn:extensionElements>
                        <camunda:executionListener event="start" expression="${noSuchBean.run()}"/>
                      </bpmn:extensionElements>
                      <bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>
                    </bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="everyNight" targetRef="end"/>
                    <bpmn:endEvent id="end"/>
                  </bpmn:process>
                </bpmn:definitions>
                """;
        // the API refuses a timer start event now; a journey deployed before that rule is still on the engine
        assertThat(deploy(tenant, "nightly.bpmn", model.getBytes()).statusCode()).isEqualTo(400);
        repository.createDeployment().tenantId(tenant.tenant().slug()).name("nightly.bpmn")
                .addString("nightly.bpmn", model).deploy();
        Job timer = management.createJobQuery().tenantIdIn(tenant.tenant().slug()).processDefinitionKey("nightly")
                .timers().singleResult();
        // the retry cycle gives the job a few attempts; the incident comes with the last
        for (int attempt = 0; attempt < 5 && runtime.createIncidentQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKeyIn("nightly").count() == 0; attempt++) {
            assertThatThrownBy(() -> management.executeJob(timer.getId())).isNotNull();
        }

        HttpResponse<String> incidents = http.getWithKey("/api/v1/journeys/nightly/incidents",
                tenant.apiKey().secret());
        assertThat(incidents.statusCode()).as(incidents.body()).isEqualTo(200);
        JsonNode incident = read(incidents).get(0);
        assertThat(incident.path("activityId").asText()).isEqualTo("everyNight");
        assertThat(incident.path("type").asText()).isEqualTo("failedJob");
        assertThat(http.getWithKey("/api/v1/journeys/incidents", tenant.apiKey().secret()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aBrokenModelIsRefusedAsProblemJson() {
        HttpResponse<String> answer = deploy(tenant, "broken.bpmn", "<definitions><oops".getBytes());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("journey-rejected");
        HttpResponse<String> wrongName = deploy(tenant, "journey.txt", "x".getBytes());
        assertThat(wrongName.statusCode()).isEqualTo(400);
        HttpResponse<String> oddRule = deploy(tenant, "odd.bpmn",
                TestModels.waitingJourney("oddRule", "go", "sometimes", ""));
        assertThat(oddRule.statusCode()).isEqualTo(201);
        assertThat(oddRule.body()).contains("Unknown entry rule 'sometimes'");
    }

    @Test
    void aDeployOrValidateThatIsNotMultipartIsToldHowToSendTheModel() throws IOException {
        for (String path : List.of("/api/v1/journeys", "/api/v1/journeys/validate")) {
            for (String contentType : new String[]{null, "application/json", "application/xml"}) {
                HttpRequest.Builder request = http.request(path)
                        .header("Authorization", "Bearer " + tenant.apiKey().secret())
                        .header("Accept", "application/json");
                if (contentType != null) {
                    request.header("Content-Type", contentType);
                }
                HttpResponse<String> refused = http.send(request.POST(contentType == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("<x/>")).build());
                assertThat(refused.statusCode()).as(path + " " + contentType + ": " + refused.body()).isEqualTo(415);
                JsonNode problem = read(refused);
                assertThat(problem.path("type").asText())
                        .isEqualTo("https://genkend.io/problems/unsupported-media-type");
                assertThat(problem.path("detail").asText()).contains("multipart/form-data", "part 'file'")
                        .doesNotContain("'null'");
            }
        }
        assertThat(repository.createDeploymentQuery().tenantIdIn(tenant.tenant().slug()).count()).isZero();
    }

    @Test
    void aModelWithoutAnExecutableProcessIsRefusedAndDeploysNothing() throws IOException {
        byte[] sketch = new String(TestModels.waitingJourney("sketchOnly", "sketch.only", "any-time", ""),
                java.nio.charset.StandardCharsets.UTF_8).replace("isExecutable=\"true\"", "isExecutable=\"false\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] noProcess = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions xmlns:bpmn="
                + "\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"empty\" targetNamespace=\"http://genkend.io\">"
                + "\n</bpmn:definitions>\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, byte[]> models = Map.of("sketchOnly", sketch, "file", noProcess);
        for (var model : models.entrySet()) {
            for (String path : List.of("/api/v1/journeys/validate", "/api/v1/journeys")) {
                Multipart body = Multipart.file("file", "sketch.bpmn", model.getValue());
                HttpResponse<String> answer = http.send(http.request(path)
                        .header("Authorization", "Bearer " + tenant.apiKey().secret())
                        .header("Content-Type", body.contentType()).header("Accept", "application/json")
                        .POST(body.publisher()).build());
                assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(400);
                JsonNode problem = read(answer);
                assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/journey-rejected");
                assertThat(problem.path("detail").asText()).contains("no executable process")
                        .doesNotContain("(element null)");
                assertThat(problem.path("errors")).anySatisfy(error -> {
                    assertThat(error.path("field").asText()).isEqualTo(model.getKey());
                    assertThat(error.path("severity").asText()).isEqualTo("error");
                    assertThat(error.path("message").asText()).contains("no executable process",
                            "isExecutable=\"true\"");
                });
            }
        }
        assertThat(repository.createDeploymentQuery().tenantIdIn(tenant.tenant().slug()).count())
                .as("no empty deployment").isZero();
    }

    @Test
    void versionsSuspendActivateStatsAndIsolation() throws IOException {
        byte[] model = resource("workflows/dealer/service-interval.bpmn");
        HttpResponse<String> first = deploy(tenant, "service-interval.bpmn", model);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(read(first).path("findings").size()).isZero();
        assertThat(read(first).path("journeys").get(0).path("version").asInt()).isEqualTo(1);
        assertThat(read(first).path("journeys").get(0).path("triggers").get(0).asText())
                .isEqualTo("service.completed");
        assertThat(read(first).path("journeys").get(0).path("exitEvent").asText()).isEqualTo("service.booked");

        // unchanged: no new version; changed: version 2
        assertThat(read(deploy(tenant, "service-interval.bpmn", model)).path("journeys").get(0).path("version")
                .asInt()).isEqualTo(1);
        byte[] changed = new String(model).replace("P7D", "P5D").getBytes();
        assertThat(read(deploy(tenant, "service-interval.bpmn", changed)).path("journeys").get(0)
                .path("version").asInt()).isEqualTo(2);
        HttpResponse<String> versions = http.getWithKey("/api/v1/journeys/dealerServiceInterval/versions",
                tenant.apiKey().secret());
        assertThat(read(versions).size()).isEqualTo(2);

        HttpResponse<String> suspended = post(tenant, "/api/v1/journeys/dealerServiceInterval/suspend");
        assertThat(read(suspended).path("suspended").asBoolean()).isTrue();
        HttpResponse<String> active = post(tenant, "/api/v1/journeys/dealerServiceInterval/activate");
        assertThat(read(active).path("suspended").asBoolean()).isFalse();

        HttpResponse<String> stats = http.getWithKey("/api/v1/journeys/dealerServiceInterval/stats",
                tenant.apiKey().secret());
        assertThat(stats.statusCode()).isEqualTo(200);
        HttpResponse<String> xml = http.send(http.request("/api/v1/journeys/dealerServiceInterval/bpmn?version=1")
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).GET().build());
        assertThat(xml.body()).contains("P7D");
        for (String version : List.of("0", "-1")) {
            HttpResponse<String> none = http.send(http.request("/api/v1/journeys/dealerServiceInterval/bpmn?version="
                    + version).header("Authorization", "Bearer " + tenant.apiKey().secret()).GET().build());
            assertThat(none.statusCode()).as("version " + version).isEqualTo(404);
            assertThat(none.body()).contains("https://genkend.io/problems/not-found");
        }

        TestTenant other = testTenants.create("journey-other", null);
        for (String path : List.of("/api/v1/journeys/dealerServiceInterval",
                "/api/v1/journeys/dealerServiceInterval/stats", "/api/v1/journeys/dealerServiceInterval/versions",
                "/api/v1/journeys/dealerServiceInterval/incidents")) {
            HttpResponse<String> foreign = http.getWithKey(path, other.apiKey().secret());
            assertThat(foreign.statusCode()).as(path).isEqualTo(404);
            assertThat(foreign.body()).contains("https://genkend.io/problems/not-found");
        }
        assertThat(post(other, "/api/v1/journeys/dealerServiceInterval/suspend").statusCode()).isEqualTo(404);
        assertThat(http.getWithKey("/api/v1/journeys", other.apiKey().secret()).body())
                .doesNotContain("dealerServiceInterval");
    }

    @Test
    void startFailuresAreListedAndRetriedForTheTenantOnly() throws IOException {
        assertThat(deploy(tenant, "api-broken.bpmn", TestModels.brokenJourney("apiBroken", "api.broken"))
                .statusCode()).isEqualTo(201);
        java.util.UUID customer = java.util.UUID.randomUUID();
        java.util.UUID eventId = java.util.UUID.randomUUID();
        transactions.executeWithoutResult(s -> events.publishEvent(new io.genkend.event.EventAccepted(
                tenant.tenant(), eventId, customer, "api.broken", Map.of("plan", "gold"), java.time.Instant.now())));
        String key = tenant.apiKey().secret();
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() ->
                read(http.getWithKey("/api/v1/journeys/apiBroken/start-failures", key)).size() == 1);
        JsonNode failure = read(http.getWithKey("/api/v1/journeys/apiBroken/start-failures", key)).get(0);
        assertThat(failure.path("eventId").asText()).isEqualTo(eventId.toString());
        assertThat(failure.path("eventName").asText()).isEqualTo("api.broken");
        assertThat(failure.path("customerId").asText()).isEqualTo(customer.toString());
        assertThat(failure.path("journeyKey").asText()).isEqualTo("apiBroken");
        assertThat(failure.path("version").asInt()).isEqualTo(1);
        assertThat(failure.path("attempts").asInt()).isEqualTo(1);
        assertThat(failure.path("message").asText()).contains("nobodySetsThis");
        assertThat(failure.path("failedAt").asText()).isNotBlank();
        assertThat(http.getWithKey("/api/v1/journeys/start-failures", key).body()).contains(eventId.toString());

        // another tenant sees nothing of it and cannot retry it
        TestTenant other = testTenants.create("failures-other", null);
        for (HttpResponse<String> foreign : List.of(
                http.getWithKey("/api/v1/journeys/apiBroken/start-failures", other.apiKey().secret()),
                post(other, "/api/v1/journeys/apiBroken/start-failures/retry"))) {
            assertThat(foreign.statusCode()).isEqualTo(404);
            assertThat(foreign.body()).contains("https://genkend.io/problems/not-found");
        }
        assertThat(http.getWithKey("/api/v1/journeys/start-failures", other.apiKey().secret()).body())
                .doesNotContain(eventId.toString());

        HttpResponse<String> badLimit = post(tenant, "/api/v1/journeys/apiBroken/start-failures/retry?limit=0");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("https://genkend.io/problems/validation", "limit");

        post(tenant, "/api/v1/journeys/apiBroken/suspend");
        HttpResponse<String> suspended = post(tenant, "/api/v1/journeys/apiBroken/start-failures/retry");
        assertThat(suspended.statusCode()).isEqualTo(409);
        assertThat(suspended.body()).contains("https://genkend.io/problems/journey-not-active");
        post(tenant, "/api/v1/journeys/apiBroken/activate");

        assertThat(deploy(tenant, "api-broken.bpmn", TestModels.waitingJourney("apiBroken", "api.broken",
                "any-time", "")).statusCode()).isEqualTo(201);
        HttpResponse<String> retried = post(tenant, "/api/v1/journeys/apiBroken/start-failures/retry");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(read(retried).path("started").asInt()).isEqualTo(1);
        assertThat(read(retried).path("open").asInt()).isZero();
        assertThat(read(http.getWithKey("/api/v1/journeys/apiBroken/start-failures", key)).size()).isZero();
        assertThat(read(post(tenant, "/api/v1/journeys/apiBroken/start-failures/retry")).path("started").asInt())
                .isZero();
        var instance = runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("apiBroken").singleResult();
        assertThat(instance.getBusinessKey()).isEqualTo(customer.toString());
        assertThat(runtime.getVariable(instance.getId(), "plan")).isEqualTo("gold");
    }

    @Test
    void startFailuresAreInTheCustomersExportAndResolvedOnesAreDeletedAfterTheRetention() throws IOException {
        assertThat(deploy(tenant, "export-broken.bpmn", TestModels.brokenJourney("exportBroken", "export.broken"))
                .statusCode()).isEqualTo(201);
        java.util.UUID customer = customers.create(tenant, http, null, null, null, null, Map.of());
        List<java.util.UUID> eventIds = List.of(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID());
        for (java.util.UUID eventId : eventIds) {
            transactions.executeWithoutResult(s -> events.publishEvent(new io.genkend.event.EventAccepted(
                    tenant.tenant(), eventId, customer, "export.broken", Map.of("plan", "gold"),
                    java.time.Instant.now())));
        }
        String key = tenant.apiKey().secret();
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() ->
                read(http.getWithKey("/api/v1/journeys/exportBroken/start-failures", key)).size() == 3);

        // the export holds them with the event's properties (personal data kept for a retry)
        JsonNode exported = read(http.getWithKey("/api/v1/customers/" + customer + "/export", key))
                .path("journeyStartFailures");
        assertThat(exported.size()).as(exported.toString()).isEqualTo(3);
        assertThat(exported.findValuesAsText("eventId")).containsExactlyInAnyOrderElementsOf(
                eventIds.stream().map(java.util.UUID::toString).toList());
        assertThat(exported.get(0).path("properties").path("plan").asText()).isEqualTo("gold");
        assertThat(exported.get(0).path("journeyKey").asText()).isEqualTo("exportBroken");
        assertThat(exported.get(0).path("eventName").asText()).isEqualTo("export.broken");
        assertThat(exported.get(0).path("message").asText()).contains("nobodySetsThis");
        assertThat(exported.findValuesAsText("resolution")).as("open: no resolution").isEmpty();

        // fixed and retried: two of them resolved, and still exported (until the retention has passed)
        deploy(tenant, "export-broken.bpmn", TestModels.waitingJourney("exportBroken", "export.broken", "any-time",
                ""));
        assertThat(read(post(tenant, "/api/v1/journeys/exportBroken/start-failures/retry?limit=2"))
                .path("started").asInt()).isEqualTo(2);
        exported = read(http.getWithKey("/api/v1/customers/" + customer + "/export", key))
                .path("journeyStartFailures");
        assertThat(exported.findValuesAsText("resolution")).containsExactlyInAnyOrder("started", "started");

        // one resolved 31 days ago goes at the journey sweep (every 2 s in tests; retention 30 days by default);
        // the one resolved now stays, and so does the open one however old
        var failures = io.genkend.schema.Tables.JOURNEY_START_FAILURE;
        List<java.util.UUID> resolved = inTenant(() -> dsl.select(failures.ID).from(failures)
                .where(failures.CUSTOMER_ID.eq(customer), failures.RESOLVED_AT.isNotNull())
                .orderBy(failures.ID).fetch(failures.ID));
        java.time.Instant longAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(31));
        inTenant(() -> dsl.update(failures).set(failures.RESOLVED_AT, longAgo).set(failures.FAILED_AT, longAgo)
                .where(failures.ID.eq(resolved.get(0))).execute());
        inTenant(() -> dsl.update(failures).set(failures.FAILED_AT, longAgo.minus(java.time.Duration.ofDays(30)))
                .where(failures.CUSTOMER_ID.eq(customer), failures.RESOLVED_AT.isNull()).execute());
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() -> inTenant(() ->
                !dsl.fetchExists(failures, failures.ID.eq(resolved.get(0)))));
        assertThat(inTenant(() -> dsl.fetchExists(failures, failures.ID.eq(resolved.get(1))))).isTrue();
        assertThat(read(http.getWithKey("/api/v1/journeys/exportBroken/start-failures", key)).size()).isEqualTo(1);
        assertThat(read(http.getWithKey("/api/v1/customers/" + customer + "/export", key))
                .path("journeyStartFailures").size()).isEqualTo(2);
    }

    private <T> T inTenant(java.util.concurrent.Callable<T> work) {
        return io.genkend.tenancy.TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Test
    void aTestRunFollowsThePathWithoutSendingAnything() throws IOException {
        deploy(tenant, "complementary.bpmn", resource("workflows/grocer/complementary.bpmn"));
        HttpResponse<String> started = http.send(http.request("/api/v1/journeys/grocerComplementary/test-runs")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"properties\":{\"products\":"
                        + "\"[{\\\"category\\\":\\\"pasta\\\",\\\"quantity\\\":2}]\"}}")).build());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String instance = read(started).path("processInstanceId").asText();
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() -> http.getWithKey(
                "/api/v1/journeys/instances/" + instance + "/trail", tenant.apiKey().secret()).body()
                .contains("noComplementaryOffer"));
        HttpResponse<String> foreign = http.getWithKey("/api/v1/journeys/instances/" + instance + "/trail",
                testTenants.create("trail-other", null).apiKey().secret());
        assertThat(foreign.statusCode()).isEqualTo(404);
    }

    @Test
    void anOlderModelUploadedAgainBecomesTheLatestVersionAndAnIdenticalOneDoesNot() throws IOException {
        byte[] first = TestModels.waitingJourney("rollBack", "roll.back", "any-time", "");
        byte[] second = TestModels.waitingJourney("rollBack", "roll.back.two", "any-time", "");
        assertThat(read(deploy(tenant, "roll-back.bpmn", first)).path("journeys").get(0).path("version").asInt())
                .isEqualTo(1);
        assertThat(read(deploy(tenant, "roll-back-fixed.bpmn", second)).path("journeys").get(0).path("version")
                .asInt()).isEqualTo(2);
        JsonNode again = read(deploy(tenant, "roll-back.bpmn", first));
        assertThat(again.path("journeys").get(0).path("version").asInt()).as("the first model again, under its old"
                + " file name, is a new version: " + again).isEqualTo(3);
        assertThat(again.path("journeys").get(0).path("triggers").get(0).asText()).isEqualTo("roll.back");
        assertThat(again.path("unchanged").asBoolean()).isFalse();
        HttpResponse<String> sameAnswer = deploy(tenant, "any-name.bpmn", first);
        assertThat(sameAnswer.statusCode()).as("nothing created: " + sameAnswer.body()).isEqualTo(200);
        JsonNode same = read(sameAnswer);
        assertThat(same.path("unchanged").asBoolean()).isTrue();
        assertThat(same.path("journeys").get(0).path("version").asInt()).as("identical to the latest").isEqualTo(3);
        assertThat(same.path("deploymentId").asText()).isEqualTo(again.path("deploymentId").asText());
    }

    @Test
    void aTestRunThatFailsBeforeItsFirstWaitIs422WithTheEnginesMessageAndLeavesNothing() throws IOException {
        deploy(tenant, "test-run-broken.bpmn", TestModels.brokenJourney("testRunBroken", "test.run.broken"));
        HttpResponse<String> failed = http.send(http.request("/api/v1/journeys/testRunBroken/test-runs")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        assertThat(read(failed).path("type").asText()).isEqualTo("https://genkend.io/problems/test-run-failed");
        assertThat(read(failed).path("detail").asText()).contains("before its first wait", "nobodySetsThis");
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("testRunBroken").count()).isZero();
    }

    @Test
    void aMultipartBodyThatCannotBeReadIs400NotA500() throws IOException {
        for (String contentType : List.of("multipart/form-data; boundary=xx", "multipart/form-data")) {
            HttpResponse<String> refused = http.send(http.request("/api/v1/journeys")
                    .header("Authorization", "Bearer " + tenant.apiKey().secret())
                    .header("Content-Type", contentType).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("--xx\r\nContent-Disposition: form-data; name=\"file\";"
                            + " filename=\"a.bpmn\"\r\n\r\nabc")).build());
            assertThat(refused.statusCode()).as(contentType + ": " + refused.body()).isEqualTo(400);
            assertThat(read(refused).path("type").asText()).isEqualTo("https://genkend.io/problems/malformed");
        }
    }

    @Test
    void aTestRunForACustomerTheTenantDoesNotHaveIsNotFoundAndStartsNothing() throws IOException {
        deploy(tenant, "complementary.bpmn", resource("workflows/grocer/complementary.bpmn"));
        TestTenant other = testTenants.create("test-run-other", null);
        java.util.UUID foreign = customers.create(other, http, null, null, null, null, Map.of());
        for (String customerId : List.of("5", "\"" + java.util.UUID.randomUUID() + "\"", "\"not-a-uuid\"",
                "\"" + foreign + "\"")) {
            HttpResponse<String> refused = http.send(http.request("/api/v1/journeys/grocerComplementary/test-runs")
                    .header("Authorization", "Bearer " + tenant.apiKey().secret())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":" + customerId + "}")).build());
            assertThat(refused.statusCode()).as(customerId + ": " + refused.body()).isEqualTo(404);
            assertThat(refused.body()).contains("https://genkend.io/problems/not-found");
        }
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("grocerComplementary").count()).isZero();

        java.util.UUID own = customers.create(tenant, http, null, null, null, null, Map.of());
        HttpResponse<String> started = http.send(http.request("/api/v1/journeys/grocerComplementary/test-runs")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + own + "\"}")).build());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    }

    @Test
    void aCustomersInstancesAreFoundByProfileIdUserIdOrAnonymousIdAndAnUnknownCustomerIs404() throws IOException {
        deploy(tenant, "instances-by-id.bpmn", TestModels.waitingJourney("instancesById", "instances.by.id",
                "any-time", ""));
        java.util.UUID customer = customers.create(tenant, http, null, null, null, null, Map.of());
        String userId = io.genkend.tenancy.TenantContext.callAs(tenant.tenant(),
                () -> profiles.find(customer).orElseThrow().userId());
        HttpResponse<String> tracked = http.send(http.request("/api/v1/events")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"track\",\"event\":\"instances.by.id\","
                        + "\"userId\":\"" + userId + "\",\"messageId\":\"" + java.util.UUID.randomUUID() + "\"}"))
                .build());
        assertThat(tracked.statusCode() / 100).as(tracked.body()).isEqualTo(2);
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() -> read(http.getWithKey(
                "/api/v1/journeys/instances?customerId=" + customer, tenant.apiKey().secret())).size() == 1);
        HttpResponse<String> byUserId = http.getWithKey("/api/v1/journeys/instances?customerId=" + userId,
                tenant.apiKey().secret());
        assertThat(byUserId.statusCode()).as(byUserId.body()).isEqualTo(200);
        assertThat(read(byUserId)).hasSize(1);
        assertThat(read(byUserId).get(0).path("journeyKey").asText()).isEqualTo("instancesById");
        for (String unknown : List.of("nobody-" + java.util.UUID.randomUUID(), java.util.UUID.randomUUID().toString())) {
            HttpResponse<String> none = http.getWithKey("/api/v1/journeys/instances?customerId=" + unknown,
                    tenant.apiKey().secret());
            assertThat(none.statusCode()).as(unknown + ": " + none.body()).isEqualTo(404);
            assertThat(read(none).path("type").asText()).isEqualTo("https://genkend.io/problems/not-found");
        }
        HttpResponse<String> blank = http.getWithKey("/api/v1/journeys/instances?customerId=",
                tenant.apiKey().secret());
        assertThat(blank.statusCode()).as(blank.body()).isEqualTo(400);
        assertThat(read(blank).path("errors").get(0).path("field").asText()).isEqualTo("customerId");
    }

    @Test
    void aTenantCreatedWithAPackGetsThePacksJourneys() {
        for (String[] pack : new String[][] {{"dealer", "dealerWindscreen", "dealerServiceInterval"},
                {"bank", "bankSavingsOffer", "bankMortgageEnquiry"},
                {"grocer", "grocerReplenishment", "grocerComplementary"}}) {
            TestTenant packTenant = testTenants.create("pack-" + pack[0], pack[0]);
            org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).untilAsserted(() ->
                    assertThat(http.getWithKey("/api/v1/journeys", packTenant.apiKey().secret()).body())
                            .contains(pack[1], pack[2]));
        }
    }

    @Test
    void aCallbackNobodyWaitsForIsNotFoundAndLoggedInOneLine(CapturedOutput output) {
        String token = java.util.UUID.randomUUID().toString();
        int before = output.getAll().length();
        HttpResponse<String> answer = http.send(http.request("/api/v1/journeys/callbacks/"
                + token).header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(answer.statusCode()).isEqualTo(404);
        String logged = output.getAll().substring(before);
        // the caller's mistake: one line, not ENGINE-16004 at ERROR with the engine's stack trace
        assertThat(logged).doesNotContain("ENGINE-16004").doesNotContain("Exception while closing command context")
                .doesNotContain("MismatchingMessageCorrelationException");
        assertThat(logged.lines().filter(line -> line.contains(token))).singleElement()
                .satisfies(line -> assertThat(line).contains("INFO", "No step waits for callback"));
    }
}
