package io.genkend.security;

import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication and authorisation from outside: API keys, form login, roles, CSRF. */
@IntegrationTest
class SecurityIT {

    @Autowired TestTenants testTenants;
    @Autowired ApiKeys apiKeys;
    @Autowired UserAccounts userAccounts;
    @LocalServerPort int port;

    TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = testTenants.create("sec", null);
    }

    @Test
    void noCredentialsIs401ProblemJson() {
        HttpResponse<String> response = new Http(port).get("/api/v1/api-keys", "application/json");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.body()).contains("\"status\":401", "\"type\":\"https://genkend.io/problems/unauthorized\"");
    }

    @Test
    void aWrongKeyIs401AndARevokedKeyStopsWorking() {
        Http http = new Http(port);
        assertThat(http.getWithKey("/api/v1/api-keys", "gk_not-a-key-at-all-000000").statusCode()).isEqualTo(401);
        assertThat(http.getWithKey("/api/v1/api-keys", tenant.apiKey().secret()).statusCode()).isEqualTo(200);
        HttpResponse<String> revoke = http.send(http.request("/api/v1/api-keys/" + tenant.apiKey().id())
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).DELETE().build());
        assertThat(revoke.statusCode()).isEqualTo(204);
        assertThat(http.getWithKey("/api/v1/api-keys", tenant.apiKey().secret()).statusCode()).isEqualTo(401);
    }

    @Test
    void keysAreStoredHashedAndRecordTheirLastUse() {
        new Http(port).getWithKey("/api/v1/api-keys", tenant.apiKey().secret());
        var view = io.genkend.tenancy.TenantContext.callAs(tenant.tenant(), () -> apiKeys.find(tenant.apiKey().id()))
                .orElseThrow();
        assertThat(view.lastUsedAt()).isNotNull();
        assertThat(view.prefix()).isEqualTo(tenant.apiKey().secret().substring(0, 8));
        assertThat(ApiKeys.hash(tenant.apiKey().secret())).hasSize(64).doesNotContain(tenant.apiKey().secret());
    }

    @Test
    void aMarketerOnAnOperatorPageIs403() {
        Http http = new Http(port);
        HttpResponse<String> login = http.login(tenant.user("marketer"), TestTenants.PASSWORD);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(http.get("/", "text/html").body()).contains(tenant.tenant().slug());
        assertThat(http.get("/operator/tenants", "text/html").statusCode()).isEqualTo(403);
        assertThat(http.get("/camunda/app/cockpit/", "text/html").statusCode()).isEqualTo(403);
        assertThat(http.get("/engine-rest/engine", "application/json").statusCode()).isEqualTo(403);
    }

    @Test
    void aWrongPasswordDoesNotLogIn() {
        Http http = new Http(port);
        HttpResponse<String> login = http.login(tenant.user("marketer"), "wrong-password");
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("error"));
        assertThat(http.get("/", "text/html").statusCode()).isEqualTo(302);
    }

    @Test
    void aFormPostWithoutCsrfTokenIsRefused() {
        Http http = new Http(port);
        HttpResponse<String> response = http.postForm("/login",
                "username=" + Http.enc(tenant.user("marketer")) + "&password=" + TestTenants.PASSWORD);
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void anonymousBrowsersAreSentToTheLoginPage() {
        HttpResponse<String> response = new Http(port).get("/", "text/html");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void anOperatorReachesCamundaCockpitSignedInAsThemselves() {
        String email = "op-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@genkend.test";
        userAccounts.upsertOperator(email, "Operator", TestTenants.PASSWORD);
        Http http = new Http(port);
        http.login(email, TestTenants.PASSWORD);
        HttpResponse<String> cockpit = http.get("/camunda/app/cockpit/default/", "text/html");
        assertThat(cockpit.statusCode()).as(cockpit.headers().map().toString()).isEqualTo(200);
        assertThat(cockpit.headers().firstValue("X-Authorized-User")).hasValue(email);
        HttpResponse<String> auth = http.get("/camunda/api/admin/auth/user/default", "application/json");
        assertThat(auth.statusCode()).as(auth.body()).isEqualTo(200);
        assertThat(auth.body()).contains(email, "cockpit");
        assertThat(http.get("/operator/tenants", "text/html").body()).contains(tenant.tenant().slug());
    }

    @Test
    void healthIsOpen() {
        HttpResponse<String> response = new Http(port).get("/actuator/health", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void unknownApiPathsAndBadBodiesAreProblems() {
        Http http = new Http(port);
        HttpResponse<String> unknown = http.getWithKey("/api/v1/nothing-here", tenant.apiKey().secret());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknown.body()).contains("https://genkend.io/problems/not-found").doesNotContain("static resource");
        HttpResponse<String> malformed = http.send(http.request("/api/v1/api-keys")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":")).build());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("https://genkend.io/problems/malformed");
        HttpResponse<String> invalid = http.send(http.request("/api/v1/api-keys")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"\"}")).build());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"field\":\"name\"");
        HttpResponse<String> wrongType = http.send(http.request("/api/v1/api-keys")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
