package io.genkend.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.event.EventApi;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parameters PostgreSQL cannot take are a 400, never a 500: the NUL character in any request parameter (UI pages
 * and API alike), and {@code before} date-times outside years 0001 to 9999. Unexpected failures of UI paths
 * answer problem+json to anything but a browser.
 */
@IntegrationTest
class BadParameterPagesIT {

    @Autowired TestTenants testTenants;
    @LocalServerPort int port;

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8";

    private static void assertHtml400(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<h1>Error 400</h1>", "The request was not understood");
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EventApi.read(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("https://genkend.io/problems/");
        return problem;
    }

    @Test
    void aNulCharacterInAParameterIs400() {
        TestTenant tenant = testTenants.create("nul-params", null);
        Http http = new Http(port);
        http.login(tenant.user("admin"), TestTenants.PASSWORD);

        for (String q : new String[]{"abc%00def", "a%00b%40example.com", "%2B45%0012345678"}) {
            assertHtml400(http.get("/customers?q=" + q, BROWSER_ACCEPT));
            JsonNode problem = assertProblem(http.get("/customers?q=" + q, "application/json"), 400);
            assertThat(problem.at("/errors/0/field").asText()).isEqualTo("q");
        }
        assertHtml400(http.get("/offers/taxi-courtesy/preview?customer=C%00x&channel=EMAIL", BROWSER_ACCEPT));
        assertProblem(http.get("/offers/taxi-courtesy/preview?customer=C%00x&channel=EMAIL", "application/json"),
                400);
        // the search still works
        assertThat(http.get("/customers?q=abcdef", BROWSER_ACCEPT).body()).contains("Nobody found");

        // the API too
        JsonNode api = assertProblem(new Http(port).getWithKey("/api/v1/customers?q=a%00b",
                tenant.apiKey().secret()), 400);
        assertThat(api.at("/errors/0/field").asText()).isEqualTo("q");
    }

    @Test
    void aBeforeOutOfRangeIs400OnThePageAndTheTimelineApi() {
        TestTenant tenant = testTenants.create("before-range", null);
        String userId = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        Http api = new Http(port);
        HttpResponse<String> sent = api.send(api.request("/api/v1/events")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"type": "identify", "userId": "%s", "timestamp": "2026-03-01T10:00:00Z",
                         "traits": {"email": "%s@example.com"}}""".formatted(userId, userId))).build());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);

        Http http = new Http(port);
        http.login(tenant.user("service"), TestTenants.PASSWORD);
        String location = http.get("/customers?q=" + userId, "text/html").headers().firstValue("Location")
                .orElseThrow();
        String path = location.substring(location.indexOf("/customers/"));
        String profileId = path.substring("/customers/".length());

        assertHtml400(http.get(path + "?before=%2B999999999-12-31T23:59:59Z", BROWSER_ACCEPT));
        assertProblem(http.get(path + "?before=%2B999999999-12-31T23:59:59Z", "application/json"), 400);
        assertThat(http.get(path + "?before=2030-01-01T00:00:00Z", BROWSER_ACCEPT).statusCode()).isEqualTo(200);

        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "+999999999-12-31T23:59:59Z|x".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = assertProblem(api.getWithKey("/api/v1/customers/" + profileId + "/timeline?before="
                + cursor, tenant.apiKey().secret()), 400);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("before");
        HttpResponse<String> fine = api.getWithKey("/api/v1/customers/" + profileId + "/timeline",
                tenant.apiKey().secret());
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    }

    @Test
    void anUnexpectedFailureOfAUiPathIsProblemJsonForNonBrowsers() {
        TestTenant tenant = testTenants.create("ui-500", null);
        Http http = new Http(port);
        http.login(tenant.user("admin"), TestTenants.PASSWORD);

        JsonNode problem = assertProblem(http.get("/test-support/failure", "application/json"), 500);
        assertThat(problem.get("type").asText()).isEqualTo("https://genkend.io/problems/internal");
        assertThat(problem.get("detail").asText()).contains("it has been logged");
        assertThat(problem.get("instance").asText()).isEqualTo("/test-support/failure");
        assertThat(problem.has("timestamp")).isFalse();
        assertThat(problem.has("trace")).isFalse();
        assertThat(problem.get("title").asText()).isEqualTo("Internal Server Error");
        assertThat(problem.toString()).doesNotContain("must not leak");
        assertProblem(http.get("/test-support/failure", "*/*"), 500);

        HttpResponse<String> page = http.get("/test-support/failure", BROWSER_ACCEPT);
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<h1>Error 500</h1>").doesNotContain("must not leak");
    }
}
