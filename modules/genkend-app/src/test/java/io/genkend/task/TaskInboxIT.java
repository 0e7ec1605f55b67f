package io.genkend.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.event.EventAccepted;
import io.genkend.journey.Journeys;
import io.genkend.journey.TestModels;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task inbox over HTTP: a journey's task for the service group is listed, claimed, unclaimed and completed
 * with its form (a missing required field is a 400 problem), overdue is marked, and another tenant gets 404 for it.
 */
@IntegrationTest
class TaskInboxIT {

    @Autowired TestTenants testTenants;
    @Autowired Journeys journeys;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    @Autowired io.genkend.journey.RecordedJourneyEvents recorded;
    @LocalServerPort int port;

    final ObjectMapper json = new ObjectMapper();
    TestTenant tenant;
    Http http;
    UUID customer = UUID.randomUUID();

    @BeforeEach
    void aTaskForTheServiceGroup() {
        tenant = testTenants.create("inbox", null);
        http = new Http(port);
        TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("call.bpmn",
                TestModels.formJourney("callJourney", "call.requested")));
        transactions.executeWithoutResult(s -> events.publishEvent(new EventAccepted(tenant.tenant(),
                UUID.randomUUID(), customer, "call.requested", Map.of(), Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> list(tenant, "?candidateGroup=service").size() == 1);
    }

    private JsonNode list(TestTenant who, String query) throws IOException {
        return json.readTree(http.getWithKey("/api/v1/tasks" + query, who.apiKey().secret()).body());
    }

    private HttpResponse<String> post(TestTenant who, String path, String body) {
        return http.send(http.request(path).header("Authorization", "Bearer " + who.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void claimUnclaimAndCompleteWithTheForm() throws IOException {
        JsonNode task = list(tenant, "?candidateGroup=service").get(0);
        String id = task.path("id").asText();
        assertThat(task.path("name").asText()).isEqualTo("Call the customer");
        assertThat(task.path("customerId").asText()).isEqualTo(customer.toString());
        assertThat(task.path("journeyKey").asText()).isEqualTo("callJourney");
        assertThat(task.path("overdue").asBoolean()).isTrue();
        assertThat(task.path("formFields").toString()).contains("\"id\":\"outcome\"", "\"required\":true");
        assertThat(list(tenant, "?candidateGroup=sales").size()).isZero();

        HttpResponse<String> claimed = post(tenant, "/api/v1/tasks/" + id + "/claim", "{\"assignee\":\"anna\"}");
        assertThat(claimed.statusCode()).isEqualTo(200);
        assertThat(claimed.body()).contains("\"assignee\":\"anna\"");
        assertThat(post(tenant, "/api/v1/tasks/" + id + "/claim", "{\"assignee\":\"bo\"}").statusCode())
                .isEqualTo(409);
        assertThat(post(tenant, "/api/v1/tasks/" + id + "/claim", "{}").statusCode()).isEqualTo(400);
        assertThat(list(tenant, "?assignee=anna").size()).isEqualTo(1);
        assertThat(post(tenant, "/api/v1/tasks/" + id + "/unclaim", "").body()).doesNotContain("anna");

        HttpResponse<String> missing = post(tenant, "/api/v1/tasks/" + id + "/complete",
                "{\"variables\":{\"minutes\":\"5\"}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("https://genkend.io/problems/validation", "outcome");
        HttpResponse<String> unknown = post(tenant, "/api/v1/tasks/" + id + "/complete",
                "{\"variables\":{\"outcome\":\"ok\",\"hack\":\"x\"}}");
        assertThat(unknown.statusCode()).isEqualTo(400);

        HttpResponse<String> context = http.getWithKey("/api/v1/tasks/" + id + "/context", tenant.apiKey().secret());
        assertThat(context.body()).contains("\"eventName\":\"call.requested\"", customer.toString());

        HttpResponse<String> done = post(tenant, "/api/v1/tasks/" + id + "/complete",
                "{\"variables\":{\"outcome\":\"reached\",\"minutes\":\"7\"}}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        assertThat(list(tenant, "").size()).isZero();
        assertThat(http.getWithKey("/api/v1/tasks/" + id, tenant.apiKey().secret()).statusCode()).isEqualTo(404);
        assertThat(recorded.of(TaskCreated.class)).anySatisfy(e -> {
            assertThat(e.taskId()).isEqualTo(id);
            assertThat(e.candidateGroups()).containsExactly("service");
            assertThat(e.customerId()).isEqualTo(customer.toString());
            assertThat(e.dueAt()).isNotNull();
        });
        assertThat(recorded.of(TaskCompleted.class)).anySatisfy(e -> assertThat(e.taskId()).isEqualTo(id));
        assertThat(recorded.of(io.genkend.journey.JourneyStepReached.class)).anySatisfy(e -> {
            assertThat(e.activityId()).isEqualTo("callCustomer");
            assertThat(e.activityType()).isEqualTo("userTask");
        });
    }

    @Test
    void sizeLimitsTheListAndOutsideOneTo1000IsRefusedNamingIt() throws IOException {
        transactions.executeWithoutResult(s -> events.publishEvent(new EventAccepted(tenant.tenant(),
                UUID.randomUUID(), UUID.randomUUID(), "call.requested", Map.of(), Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> list(tenant, "").size() == 2);
        JsonNode first = list(tenant, "?size=1");
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.get(0).path("id").asText()).isEqualTo(list(tenant, "").get(0).path("id").asText());
        assertThat(list(tenant, "?size=1000").size()).isEqualTo(2);
        for (String size : new String[]{"-1", "0", "1001", "many"}) {
            HttpResponse<String> refused = http.getWithKey("/api/v1/tasks?size=" + size, tenant.apiKey().secret());
            assertThat(refused.statusCode()).as("size " + size + ": " + refused.body()).isEqualTo(400);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/validation");
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("size");
        }
        // pages of size tasks, from 0
        assertThat(list(tenant, "?size=1&page=0").get(0).path("id").asText())
                .isEqualTo(list(tenant, "").get(0).path("id").asText());
        assertThat(list(tenant, "?size=1&page=1").get(0).path("id").asText())
                .isEqualTo(list(tenant, "").get(1).path("id").asText());
        assertThat(list(tenant, "?size=1&page=2").size()).isZero();
        for (String page : new String[]{"page=-1", "page=-1&size=5", "page=1", "page=many"}) {
            HttpResponse<String> refused = http.getWithKey("/api/v1/tasks?" + page, tenant.apiKey().secret());
            assertThat(refused.statusCode()).as(page + ": " + refused.body()).isEqualTo(400);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/validation");
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("page");
        }
    }

    @Test
    void anotherTenantsTaskIsNotFound() throws IOException {
        String id = list(tenant, "").get(0).path("id").asText();
        TestTenant other = testTenants.create("inbox-other", null);
        assertThat(list(other, "").size()).isZero();
        assertThat(list(other, "?candidateGroup=service").size()).isZero();
        HttpResponse<String> foreign = http.getWithKey("/api/v1/tasks/" + id, other.apiKey().secret());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).contains("https://genkend.io/problems/not-found");
        assertThat(post(other, "/api/v1/tasks/" + id + "/claim", "{\"assignee\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(post(other, "/api/v1/tasks/" + id + "/unclaim", "").statusCode()).isEqualTo(404);
        assertThat(http.getWithKey("/api/v1/tasks/" + id + "/context", other.apiKey().secret()).statusCode())
                .isEqualTo(404);
        assertThat(post(other, "/api/v1/tasks/" + id + "/complete", "{\"variables\":{\"outcome\":\"x\"}}")
                .statusCode()).isEqualTo(404);
        assertThat(list(tenant, "").size()).isEqualTo(1);
    }
}
