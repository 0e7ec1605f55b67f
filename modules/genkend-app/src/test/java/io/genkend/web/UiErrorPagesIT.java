package io.genkend.web;

import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's page request that fails gets the HTML error page with its status and a readable message; the same
 * failure asked for as JSON, and anything under {@code /api/}, stays RFC 9457 problem+json.
 */
@IntegrationTest
class UiErrorPagesIT {

    @Autowired TestTenants testTenants;
    @LocalServerPort int port;

    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private static void assertHtmlError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(response.body()).contains("<h1>Error " + status + "</h1>", "id=\"error-message\"", message);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status);
    }

    @Test
    void anOverLargeBodyIs413ForFormsAndTheApiInsteadOfBeingDropped() {
        TestTenant tenant = testTenants.create("too-large", null);
        Http http = new Http(port);
        http.login(tenant.user("admin"), TestTenants.PASSWORD);
        String token = http.csrfToken("/admin/contact-policy");
        // a 3 MB form: over Tomcat's 2 MB for form fields, which it would otherwise drop silently ("Not saved")
        String form = "_csrf=" + Http.enc(token) + "&note=" + "x".repeat(3 * 1024 * 1024);

        HttpResponse<String> page = http.send(http.request("/admin/contact-policy").header("Accept", BROWSER_ACCEPT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
        assertHtmlError(page, 413, "What was sent is too large.");
        assertThat(page.body()).doesNotContain("Not saved");

        // the same form sent without a length (chunked): Tomcat's own limit is reported as 413 too
        HttpResponse<String> chunked = http.send(http.request("/admin/contact-policy")
                .header("Accept", BROWSER_ACCEPT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                        new java.io.ByteArrayInputStream(form.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build());
        assertHtmlError(chunked, 413, "What was sent is too large.");

        // a form asked for as JSON, and an API body over 5 MB: a problem
        HttpResponse<String> formAsJson = http.send(http.request("/admin/contact-policy")
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
        assertProblem(formAsJson, 413);
        assertThat(formAsJson.body()).contains("\"type\":\"https://genkend.io/problems/too-large\"", "2097152 bytes");
        String json = "{\"consents\": [], \"padding\": \"" + "x".repeat(6 * 1024 * 1024) + "\"}";
        HttpResponse<String> api = http.send(http.request("/api/v1/customers/" + UUID.randomUUID() + "/consents")
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build());
        assertProblem(api, 413);
        assertThat(api.body()).contains("too-large", "5242880 bytes");

        // a small form still reaches the page
        HttpResponse<String> small = http.send(http.request("/admin/contact-policy").header("Accept", BROWSER_ACCEPT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + Http.enc(token))).build());
        assertThat(small.statusCode()).as(small.body()).isNotEqualTo(413);
    }

    @Test
    void aChunkedApiBodyOverTheLimitIs413AndNothingIsStored() {
        TestTenant tenant = testTenants.create("too-large-chunked", null);
        Http http = new Http(port);
        String offer = """
                {"code": "%s", "name": "Chunked", "category": "tyres", "value": 1, "lever": 1,
                 "templates": {"EMAIL": {"en": {"subject": "Tyres", "text": "Winter tyres"}}}, "padding": "%s"}""";
        java.util.function.Function<String, HttpResponse<String>> chunked = body -> http.send(
                http.request("/api/v1/offers").header("Authorization", "Bearer " + tenant.apiKey().secret())
                        .header("Accept", "application/json").header("Content-Type", "application/json")
                        // ofInputStream has no length: java.net.http sends it chunked, without Content-Length
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                                new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                        .build());

        HttpResponse<String> tooLarge = chunked.apply(offer.formatted("big-chunked", "x".repeat(6 * 1024 * 1024)));
        assertProblem(tooLarge, 413);
        assertThat(tooLarge.body()).contains("\"type\":\"https://genkend.io/problems/too-large\"", "5242880 bytes");
        assertThat(http.getWithKey("/api/v1/offers/big-chunked", tenant.apiKey().secret()).statusCode())
                .isEqualTo(404);

        // under the limit, a chunked body is read and stored as usual
        HttpResponse<String> small = chunked.apply(offer.formatted("small-chunked", "x".repeat(1024)));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        assertThat(http.getWithKey("/api/v1/offers/small-chunked", tenant.apiKey().secret()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void springsOwnRefusalsCarryAGenkendProblemType() {
        TestTenant tenant = testTenants.create("problem-types", null);
        Http http = new Http(port);
        HttpResponse<String> unsupported = http.send(http.request("/api/v1/offers")
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")).build());
        assertProblem(unsupported, 415);
        assertThat(unsupported.body()).contains("\"type\":\"https://genkend.io/problems/unsupported-media-type\"");
        HttpResponse<String> noFile = http.send(http.request("/api/v1/journeys")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n")).build());
        assertProblem(noFile, 400);
        assertThat(noFile.body()).contains("\"type\":\"https://genkend.io/problems/bad-request\"")
                .doesNotContain("about:blank");
    }

    @Test
    void browserPagesGetTheHtmlErrorPageAndTheApiKeepsProblemJson() {
        TestTenant tenant = testTenants.create("errors", null);
        Http http = new Http(port);
        http.login(tenant.user("admin"), TestTenants.PASSWORD);

        // a page controller's 404 (another tenant's or no customer)
        String missing = "/customers/" + UUID.randomUUID();
        assertHtmlError(http.get(missing, BROWSER_ACCEPT), 404, "There is nothing here, or it is not yours to see.");
        assertProblem(http.get(missing, "application/json"), 404);
        // a path variable of the wrong type
        assertHtmlError(http.get("/customers/not-a-uuid/erase", BROWSER_ACCEPT), 400,
                "The request was not understood");
        assertProblem(http.get("/customers/not-a-uuid/erase", "application/json"), 400);
        // no such page
        assertHtmlError(http.get("/no-such-page", BROWSER_ACCEPT), 404, "There is nothing here");
        // a method the page does not take
        String token = http.csrfToken("/customers");
        HttpResponse<String> put = http.send(http.request("/dashboard").header("Accept", BROWSER_ACCEPT)
                .header("X-CSRF-TOKEN", token)
                .method("PUT", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertHtmlError(put, 405, "This page does not take that kind of request.");
        // a form posted without its CSRF token, or with a stale one: expired, not a matter of role
        HttpResponse<String> noToken = http.send(http.request("/customers/" + UUID.randomUUID() + "/erase")
                .header("Accept", BROWSER_ACCEPT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("confirm=x")).build());
        assertHtmlError(noToken, 403, "This form has expired, or the page was open too long. Reload the page");
        assertThat(noToken.body()).doesNotContain("Your role does not allow this.");
        HttpResponse<String> staleToken = http.send(http.request("/customers/" + UUID.randomUUID() + "/erase")
                .header("Accept", BROWSER_ACCEPT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("confirm=x&_csrf=stale-token")).build());
        assertHtmlError(staleToken, 403, "This form has expired");
        // a role that does not allow the page still says so
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        assertHtmlError(marketer.get("/admin/webhooks", BROWSER_ACCEPT), 403, "Your role does not allow this.");
        // Danish
        HttpResponse<String> danish = http.get(missing + "?lang=da", BROWSER_ACCEPT);
        assertThat(danish.statusCode()).isEqualTo(404);
        assertThat(danish.body()).contains("<h1>Fejl 404</h1>", "Her er intet, eller det er ikke dit at se.");
        HttpResponse<String> danishCsrf = http.send(http.request("/customers/" + UUID.randomUUID() + "/erase")
                .header("Accept", BROWSER_ACCEPT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("confirm=x")).build());
        assertThat(danishCsrf.statusCode()).isEqualTo(403);
        assertThat(danishCsrf.body()).contains("<h1>Fejl 403</h1>", "Formularen er udløbet");

        // the API answers problem+json whatever the Accept header says
        Http api = new Http(port);
        HttpResponse<String> apiMissing = api.send(api.request("/api/v1/customers/" + UUID.randomUUID())
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).header("Accept", BROWSER_ACCEPT)
                .GET().build());
        assertProblem(apiMissing, 404);
        HttpResponse<String> apiUnknown = api.send(api.request("/api/v1/no-such-thing")
                .header("Authorization", "Bearer " + tenant.apiKey().secret()).header("Accept", BROWSER_ACCEPT)
                .GET().build());
        assertProblem(apiUnknown, 404);
    }
}
