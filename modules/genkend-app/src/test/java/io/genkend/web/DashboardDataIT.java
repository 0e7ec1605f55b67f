package io.genkend.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's figures ({@code /dashboard/data} and the page's tables) from events and outreach seeded here:
 * events per minute, outreach per channel and status, acceptance against the holdout with "not enough data";
 * each tenant sees only its own; only marketers and tenant admins get them.
 */
@IntegrationTest
class DashboardDataIT {

    @Autowired TestTenants testTenants;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    private HttpResponse<String> api(TestTenant tenant, String path, String body) {
        Http http = new Http(port);
        return http.send(http.request(path).header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void events(TestTenant tenant, String userId, int count) {
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = api(tenant, "/api/v1/events", """
                    {"type": "track", "userId": "%s", "event": "page.viewed", "properties": {"n": %d}}"""
                    .formatted(userId, i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        }
    }

    private JsonNode data(Http http) throws Exception {
        HttpResponse<String> response = http.get("/dashboard/data", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void theDashboardCountsTheTenantsOwnEventsAndOutreach() throws Exception {
        TestTenant mine = testTenants.create("dash", null);
        TestTenant theirs = testTenants.create("dash-other", null);
        String userId = "d-" + UUID.randomUUID().toString().substring(0, 8);
        events(mine, userId, 3);
        events(theirs, userId, 5);

        // two messages for a customer without consent: recorded as suppressed, with their channel
        Http marketerHttp = new Http(port);
        String customerId = json.readTree(marketerHttp.getWithKey("/api/v1/customers/" + userId,
                mine.apiKey().secret()).body()).get("id").asText();
        JsonNode first = null;
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> outreach = api(mine, "/api/v1/outreach", """
                    {"customerId": "%s", "template": "notice", "channels": ["SMS"], "idempotencyKey": "dash-%d"}"""
                    .formatted(customerId, i));
            assertThat(outreach.statusCode()).as(outreach.body()).isEqualTo(201);
            first = first == null ? json.readTree(outreach.body()) : first;
        }

        Http marketer = new Http(port);
        marketer.login(mine.user("marketer"), TestTenants.PASSWORD);
        JsonNode data = data(marketer);
        assertThat(data.get("eventsPerMinute")).hasSize(60);
        long sum = 0;
        for (JsonNode minute : data.get("eventsPerMinute")) {
            sum += minute.get("events").asLong();
        }
        assertThat(sum).isEqualTo(3);
        assertThat(data.get("eventsLastHour").asLong()).isEqualTo(3);
        assertThat(data.get("eventsPerMinute").get(59).get("minute").asText())
                .isGreaterThan(data.get("eventsPerMinute").get(0).get("minute").asText());

        String channel = first.hasNonNull("channel") ? first.get("channel").asText() : "NONE";
        assertThat(data.get("outreachTotal").asLong()).isEqualTo(2);
        assertThat(data.get("outreach")).hasSize(1);
        assertThat(data.get("outreach").get(0).get("channel").asText()).isEqualTo(channel);
        assertThat(data.get("outreach").get(0).get("status").asText()).isEqualTo(first.get("status").asText());
        assertThat(data.get("outreach").get(0).get("count").asLong()).isEqualTo(2);

        JsonNode acceptance = data.get("acceptance");
        assertThat(acceptance.get("treatedCustomers").asLong()).isZero();
        assertThat(acceptance.get("holdoutCustomers").asLong()).isZero();
        assertThat(acceptance.get("enoughData").asBoolean()).isFalse();
        assertThat(acceptance.get("minGroup").asInt()).isEqualTo(30);

        // the page shows the same figures, with text equivalents for the charts
        String page = marketer.get("/dashboard", "text/html").body();
        assertThat(page).contains("id=\"chart-events\"", "aria-label=\"Line chart: 3 events in the last hour",
                "id=\"events-total\">3<", "id=\"events-table\"", "id=\"outreach-table\"",
                "aria-label=\"Stacked bar chart of 2 outreach messages", "id=\"acceptance-not-enough\"",
                "each group needs at least 30 customers", "id=\"acceptance-table\"")
                .doesNotContain("id=\"chart-acceptance\"");
        // channel and status by name, in the user's language, not as the stored enum values
        assertThat(data.get("outreach").get(0).get("status").asText()).isEqualTo("SUPPRESSED");
        assertThat(page).contains(">Suppressed</td>").doesNotContain(">SUPPRESSED</td>");
        // the figures refresh in place every 60 s: htmx asks for the live part, which comes alone and up to date
        assertThat(page).contains("id=\"dashboard-live\"", "hx-get=\"/dashboard\"",
                "hx-trigger=\"every 60s, refresh-dashboard\"", "hx-swap=\"outerHTML\"");
        events(mine, "refreshed-" + UUID.randomUUID(), 1);
        HttpResponse<String> live = marketer.send(marketer.request("/dashboard").header("Accept", "text/html")
                .header("HX-Request", "true").GET().build());
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body().strip()).startsWith("<div id=\"dashboard-live\"");
        assertThat(live.body()).contains("id=\"events-total\">4<", "id=\"chart-events\"", "id=\"dashboard-data\"",
                "\"eventsLastHour\":4", "id=\"dashboard-updated\"").doesNotContain("<html", "id=\"main-nav\"");
        String danish = marketer.get("/dashboard?lang=da", "text/html").body();
        assertThat(danish).contains(">Undertrykt</td>").doesNotContain(">SUPPRESSED</td>");

        // the other tenant sees only its own events and no outreach
        Http stranger = new Http(port);
        stranger.login(theirs.user("admin"), TestTenants.PASSWORD);
        JsonNode theirData = data(stranger);
        assertThat(theirData.get("eventsLastHour").asLong()).isEqualTo(5);
        assertThat(theirData.get("outreachTotal").asLong()).isZero();

        // service agents do not get the dashboard
        Http service = new Http(port);
        service.login(mine.user("service"), TestTenants.PASSWORD);
        assertThat(service.get("/dashboard/data", "application/json").statusCode()).isEqualTo(403);
        assertThat(service.get("/dashboard", "text/html").statusCode()).isEqualTo(403);
    }
}
