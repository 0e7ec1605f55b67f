package io.genkend.web;

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

/** Customer 360 from outside: find a customer, see profile, consents with proof and timeline, export; tenants apart. */
@IntegrationTest
class CustomerPagesIT {

    @Autowired TestTenants testTenants;
    @LocalServerPort int port;

    private static void send(Http http, TestTenant tenant, String json) {
        HttpResponse<String> response = http.send(http.request("/api/v1/events")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void aServiceAgentFindsACustomerAndSeesProfileConsentsAndTimeline() {
        TestTenant tenant = testTenants.create("c360", null);
        String userId = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        Http api = new Http(port);
        send(api, tenant, """
                {"type": "identify", "userId": "%s", "timestamp": "2026-03-01T10:00:00Z",
                 "traits": {"email": "%s@example.com", "vehicle": "Skoda Octavia",
                            "consent": {"version": "privacy-2026-03", "source": "signup-form",
                                        "marketing": {"sms": "granted", "email": "denied"}}}}
                """.formatted(userId, userId));
        send(api, tenant, """
                {"type": "track", "userId": "%s", "event": "repair.booked", "timestamp": "2026-03-02T08:00:00Z",
                 "properties": {"part": "windscreen"}}
                """.formatted(userId));

        Http http = new Http(port);
        http.login(tenant.user("service"), TestTenants.PASSWORD);
        HttpResponse<String> search = http.get("/customers?q=" + userId, "text/html");
        assertThat(search.statusCode()).isEqualTo(302);
        String location = search.headers().firstValue("Location").orElseThrow();
        String path = location.substring(location.indexOf("/customers/"));
        HttpResponse<String> page = http.get(path, "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(userId + "@example.com", "Skoda Octavia", "repair.booked",
                "privacy-2026-03", "signup-form");
        assertThat(page.body()).containsPattern("(?s)<th scope=\"row\">Marketing</th>.*?badge ok");

        HttpResponse<String> byOwnId = http.get("/customers/" + userId, "text/html");
        assertThat(byOwnId.statusCode()).isEqualTo(302);
        assertThat(byOwnId.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(path));

        HttpResponse<String> export = http.get(path + "/export", "application/json");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment"));
        assertThat(export.body()).contains("\"profile\"", userId, "repair.booked");

        TestTenant other = testTenants.create("c360-other", null);
        Http stranger = new Http(port);
        stranger.login(other.user("service"), TestTenants.PASSWORD);
        assertThat(stranger.get(path, "text/html").statusCode()).isEqualTo(404);
        assertThat(stranger.get(path + "/export", "application/json").statusCode()).isEqualTo(404);
        assertThat(stranger.get("/customers?q=" + userId, "text/html").body()).contains("Nobody found");
        assertThat(stranger.get("/customers/" + userId, "text/html").statusCode()).isEqualTo(404);
    }
}
