package io.genkend.web;

import io.genkend.security.UserAccounts;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI's pages from outside, over real HTTP: CSRF on every form, tenants apart, languages, the journey page's
 * start failures and their retry.
 */
@IntegrationTest
class WebPagesIT {

    @Autowired TestTenants testTenants;
    @Autowired UserAccounts users;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @Autowired io.genkend.journey.Journeys journeys;
    @Autowired org.springframework.context.ApplicationEventPublisher events;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
    @LocalServerPort int port;

    /**
     * Every POST the browser-facing controllers answer (any module's, outside the API key and inbound webhook
     * paths), with {x} path variables filled in.
     */
    private List<String> uiPosts() {
        return mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getKey().getMethodsCondition().getMethods().contains(RequestMethod.POST))
                .flatMap(e -> e.getKey().getPatternValues().stream())
                .filter(p -> !p.startsWith("/api/") && !p.startsWith("/hooks/"))
                .map(p -> p.replaceAll("\\{[^}]+}", "x"))
                .sorted().distinct().toList();
    }

    @Test
    void everyFormRefusesARequestWithoutCsrfToken() {
        TestTenant tenant = testTenants.create("csrf", "dealer");
        List<String> posts = uiPosts();
        assertThat(posts).contains("/admin/api-keys", "/admin/users", "/operator/tenants", "/journeys/x/deploy",
                "/tasks/x/complete", "/offers/new", "/offers/x", "/offers/settings", "/admin/contact-policy",
                "/customers/x/erase");
        for (String role : List.of("admin", "marketer", "service")) {
            Http http = new Http(port);
            assertThat(http.login(tenant.user(role), TestTenants.PASSWORD).statusCode()).isEqualTo(302);
            for (String path : posts) {
                HttpResponse<String> response = http.postForm(path, "name=x&slug=x-" + role);
                assertThat(response.statusCode()).as("POST %s as %s without a token", path, role).isEqualTo(403);
            }
        }
        // the same form with its token works
        Http admin = new Http(port);
        admin.login(tenant.user("admin"), TestTenants.PASSWORD);
        String token = admin.csrfToken("/admin/api-keys");
        HttpResponse<String> issued = admin.postForm("/admin/api-keys", "name=with-token&_csrf=" + Http.enc(token));
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(issued.body()).contains("id=\"issued-secret\"", "gk_");
    }

    @Test
    void anotherTenantsApiKeyIs404() {
        TestTenant mine = testTenants.create("mine", null);
        TestTenant theirs = testTenants.create("theirs", null);
        Http http = new Http(port);
        http.login(mine.user("admin"), TestTenants.PASSWORD);
        String token = http.csrfToken("/admin/api-keys");
        HttpResponse<String> revoke = http.postForm("/admin/api-keys/" + theirs.apiKey().id() + "/revoke",
                "_csrf=" + Http.enc(token));
        assertThat(revoke.statusCode()).isEqualTo(404);
        assertThat(http.get("/admin/api-keys", "text/html").body()).doesNotContain(theirs.apiKey().id().toString());
        HttpResponse<String> own = http.postForm("/admin/api-keys/" + mine.apiKey().id() + "/revoke",
                "_csrf=" + Http.enc(token));
        assertThat(own.statusCode()).isEqualTo(302);
    }

    @Test
    void anotherTenantsCustomerTaskAndJourneyAre404() {
        TestTenant tenant = testTenants.create("other", "dealer");
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        assertThat(marketer.get("/customers/" + UUID.randomUUID(), "text/html").statusCode()).isEqualTo(404);
        assertThat(marketer.get("/journeys/no-such-journey", "text/html").statusCode()).isEqualTo(404);
        assertThat(marketer.get("/offers/no-such-offer", "text/html").statusCode()).isEqualTo(404);
        Http service = new Http(port);
        service.login(tenant.user("service"), TestTenants.PASSWORD);
        assertThat(service.get("/tasks/" + UUID.randomUUID(), "text/html").statusCode()).isEqualTo(404);
    }

    @Test
    void theDesignerOfOneJourneyRefusesToValidateOrDeployAnother() throws Exception {
        TestTenant tenant = testTenants.create("ui-designer-key", null);
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> {
            journeys.deploy("page-a.bpmn", io.genkend.journey.TestModels.waitingJourney("pageA", "page.a", "any-time", ""));
            journeys.deploy("page-b.bpmn", io.genkend.journey.TestModels.waitingJourney("pageB", "page.b", "any-time", ""));
        });
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        String token = marketer.csrfToken("/journeys/pageA");
        String otherModel = new String(io.genkend.journey.TestModels.waitingJourney("pageB", "page.b.changed",
                "any-time", ""), java.nio.charset.StandardCharsets.UTF_8);
        for (String action : new String[]{"validate", "deploy"}) {
            HttpResponse<String> refused = marketer.send(marketer.request("/journeys/pageA/" + action)
                    .header("Content-Type", "application/xml").header("Accept", "application/json")
                    .header("X-CSRF-TOKEN", token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(otherModel)).build());
            assertThat(refused.statusCode()).as(action).isEqualTo(action.equals("deploy") ? 422 : 200);
            assertThat(refused.body()).as(action).contains("designer of journey 'pageA'", "'pageB'");
        }
        // a second process next to the page's own is another journey too
        String both = new String(io.genkend.journey.TestModels.waitingJourney("pageA", "page.a", "any-time", ""),
                java.nio.charset.StandardCharsets.UTF_8).replace("</bpmn:definitions>", otherModel
                .substring(otherModel.indexOf("<bpmn:message"), otherModel.indexOf("</bpmn:definitions>"))
                .replaceAll("(id|sourceRef|targetRef)=\"(start|f1|work|f2|end)\"", "$1=\"$2B\"")
                + "</bpmn:definitions>");
        HttpResponse<String> refusedBoth = marketer.send(marketer.request("/journeys/pageA/deploy")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(both)).build());
        assertThat(refusedBoth.statusCode()).as(refusedBoth.body()).isEqualTo(422);
        assertThat(refusedBoth.body()).contains("'pageB'");
        // an RFC 9457 problem; the page marks the findings and shows the detail
        assertThat(refusedBoth.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        com.fasterxml.jackson.databind.JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(refusedBoth.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/journey-rejected");
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("detail").asText()).contains("designer of journey 'pageA'", "'pageB'");
        assertThat(problem.path("findings").get(0).path("severity").asText()).isEqualTo("error");
        assertThat(problem.path("findings").get(0).path("message").asText()).contains("'pageB'");
        // a model the engine refuses is the same problem, with the engine's findings
        HttpResponse<String> notExecutable = marketer.send(marketer.request("/journeys/pageA/deploy")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new String(io.genkend.journey.TestModels
                        .waitingJourney("pageA", "page.a", "any-time", ""), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("isExecutable=\"true\"", "isExecutable=\"false\""))).build());
        assertThat(notExecutable.statusCode()).as(notExecutable.body()).isEqualTo(422);
        assertThat(notExecutable.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        com.fasterxml.jackson.databind.JsonNode engine = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(notExecutable.body());
        assertThat(engine.path("type").asText()).isEqualTo("https://genkend.io/problems/journey-rejected");
        assertThat(engine.path("detail").asText()).isNotBlank();
        assertThat(engine.has("findings")).isTrue();
        assertThat(io.genkend.tenancy.TenantContext.callAs(tenant.tenant(), () -> journeys.versions("pageB")))
                .as("nothing deployed").hasSize(1);
    }

    @Test
    void aScriptCallWithoutTheCsrfTokenIsToldSoNotThatItsRoleIsRefused() {
        TestTenant tenant = testTenants.create("ui-csrf-api", null);
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("page-c.bpmn",
                io.genkend.journey.TestModels.waitingJourney("pageC", "page.c", "any-time", "")));
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        String model = new String(io.genkend.journey.TestModels.waitingJourney("pageC", "page.c", "any-time", ""),
                java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> noToken = marketer.send(marketer.request("/journeys/pageC/validate")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(model)).build());

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(noToken.body()).contains("/csrf\"", "CSRF token").doesNotContain("role");
        String token = marketer.csrfToken("/journeys/pageC");
        HttpResponse<String> withToken = marketer.send(marketer.request("/journeys/pageC/validate")
                .header("Content-Type", "application/xml").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(model)).build());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
    }

    @Test
    void theDesignerSaysTheBodyIsEmptyOrNotABpmnModelNotThatItIsNotJson() throws Exception {
        TestTenant tenant = testTenants.create("ui-designer-empty", null);
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("page-e.bpmn",
                io.genkend.journey.TestModels.waitingJourney("pageE", "page.e", "any-time", "")));
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        String token = marketer.csrfToken("/journeys/pageE");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String action : new String[]{"validate", "deploy"}) {
            for (String[] body : new String[][]{{"", "The body is empty"}, {"  \n", "The body is empty"},
                    {"hello", "The body is not a BPMN model"}}) {
                HttpResponse<String> refused = marketer.send(marketer.request("/journeys/pageE/" + action)
                        .header("Content-Type", "application/xml").header("Accept", "application/json")
                        .header("X-CSRF-TOKEN", token)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body[0])).build());
                assertThat(refused.statusCode()).as(action + " '" + body[0] + "': " + refused.body()).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("application/problem+json"));
                var problem = json.readTree(refused.body());
                assertThat(problem.path("type").asText()).isEqualTo("https://genkend.io/problems/malformed");
                assertThat(problem.path("detail").asText()).startsWith(body[1]).doesNotContain("JSON");
            }
        }
        // a JSON endpoint of the designer with no body at all says so too
        HttpResponse<String> noRun = marketer.send(marketer.request("/journeys/pageE/test-run")
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-CSRF-TOKEN", token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(noRun.statusCode()).as(noRun.body()).isEqualTo(400);
        assertThat(json.readTree(noRun.body()).path("detail").asText()).isEqualTo("The body is empty.");
        assertThat(io.genkend.tenancy.TenantContext.callAs(tenant.tenant(), () -> journeys.versions("pageE")))
                .as("nothing deployed").hasSize(1);
    }

    @Test
    void theJourneysListCountsEveryVersionsInstancesAndLinksOpenStartFailures() {
        TestTenant tenant = testTenants.create("ui-journey-list", null);
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> {
            journeys.deploy("list-run.bpmn", io.genkend.journey.TestModels.waitingJourney("listRun", "list.run",
                    "any-time", ""));
            journeys.deploy("list-broken.bpmn", io.genkend.journey.TestModels.brokenJourney("listBroken",
                    "list.broken"));
        });
        for (String name : List.of("list.run", "list.broken", "list.broken")) {
            transactions.executeWithoutResult(s -> events.publishEvent(new io.genkend.event.EventAccepted(
                    tenant.tenant(), UUID.randomUUID(), UUID.randomUUID(), name, java.util.Map.of(),
                    java.time.Instant.now())));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                io.genkend.tenancy.TenantContext.callAs(tenant.tenant(), () ->
                        journeys.find("listRun").orElseThrow().running() == 1
                                && journeys.startFailures("listBroken", 10).size() == 2));
        // version 2: the instance keeps running on version 1
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("list-run.bpmn",
                io.genkend.journey.TestModels.waitingJourney("listRun", "list.run.two", "any-time", "")));

        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        String page = marketer.get("/journeys", "text/html").body();
        String running = row(page, "listRun");
        assertThat(running).as(running).contains("<td>2</td>");
        assertThat(cell(running, "running")).as("the instance on version 1 counts").isEqualTo("1");
        assertThat(cell(running, "start-failures")).isEqualTo("0");
        String broken = row(page, "listBroken");
        assertThat(cell(broken, "running")).isEqualTo("0");
        assertThat(cell(broken, "start-failures")).isEqualTo("2");
        assertThat(broken).contains("href=\"/journeys/listBroken#start-failures\"");
    }

    /** @return the journeys list's row of a journey */
    private static String row(String page, String key) {
        Matcher row = Pattern.compile("<tr id=\"journey-" + key + "\">(.*?)</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as("row of " + key).isTrue();
        return row.group(1);
    }

    /** @return the text of a row's cell of a class, tags stripped */
    private static String cell(String row, String cssClass) {
        Matcher cell = Pattern.compile("<td class=\"" + cssClass + "\"[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row);
        assertThat(cell.find()).as(cssClass + " in " + row).isTrue();
        return cell.group(1).replaceAll("<[^>]*>", "").strip();
    }

    @Test
    void theJourneyPageListsTheEventsItDidNotStartForAndStartsThemAgain() {
        TestTenant tenant = testTenants.create("ui-failures", null);
        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("ui-broken.bpmn",
                io.genkend.journey.TestModels.brokenJourney("uiBroken", "ui.broken")));
        UUID customer = UUID.randomUUID();
        transactions.executeWithoutResult(s -> events.publishEvent(new io.genkend.event.EventAccepted(
                tenant.tenant(), UUID.randomUUID(), customer, "ui.broken", java.util.Map.of(),
                java.time.Instant.now())));
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                marketer.get("/journeys/uiBroken", "text/html").body().contains("id=\"start-failure-list\""));
        String page = marketer.get("/journeys/uiBroken", "text/html").body();
        assertThat(page).contains("Events it did not start for", customer.toString(), "ui.broken", "nobodySetsThis",
                "id=\"retry-start-failures\"");

        // the service agent may not retry; the form without its token is refused
        Http service = new Http(port);
        service.login(tenant.user("service"), TestTenants.PASSWORD);
        String serviceToken = service.csrfToken("/tasks");
        assertThat(service.postForm("/journeys/uiBroken/start-failures/retry", "_csrf=" + Http.enc(serviceToken))
                .statusCode()).isEqualTo(403);
        assertThat(marketer.postForm("/journeys/uiBroken/start-failures/retry", "").statusCode()).isEqualTo(403);

        io.genkend.tenancy.TenantContext.runAs(tenant.tenant(), () -> journeys.deploy("ui-broken.bpmn",
                io.genkend.journey.TestModels.waitingJourney("uiBroken", "ui.broken", "any-time", "")));
        String token = marketer.csrfToken("/journeys/uiBroken");
        HttpResponse<String> retried = marketer.postForm("/journeys/uiBroken/start-failures/retry",
                "_csrf=" + Http.enc(token));
        assertThat(retried.statusCode()).isEqualTo(302);
        assertThat(retried.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/journeys/uiBroken"));
        String after = marketer.get("/journeys/uiBroken", "text/html").body();
        assertThat(after).contains("Started 1; failed again 0")
                .contains("None: every event that should start this journey did.")
                .doesNotContain("id=\"start-failure-list\"");

        // a tenant admin may retry too; another tenant's journey is 404
        Http admin = new Http(port);
        admin.login(tenant.user("admin"), TestTenants.PASSWORD);
        String adminToken = admin.csrfToken("/admin/api-keys");
        assertThat(admin.postForm("/journeys/uiBroken/start-failures/retry", "_csrf=" + Http.enc(adminToken))
                .statusCode()).isEqualTo(302);
        Http foreign = new Http(port);
        foreign.login(testTenants.create("ui-failures-other", null).user("marketer"), TestTenants.PASSWORD);
        String foreignToken = foreign.csrfToken("/journeys");
        assertThat(foreign.postForm("/journeys/uiBroken/start-failures/retry", "_csrf=" + Http.enc(foreignToken))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void rolesSeeOnlyTheirPages() {
        TestTenant tenant = testTenants.create("roles", null);
        Http service = new Http(port);
        service.login(tenant.user("service"), TestTenants.PASSWORD);
        assertThat(service.get("/journeys", "text/html").statusCode()).isEqualTo(403);
        assertThat(service.get("/admin/users", "text/html").statusCode()).isEqualTo(403);
        assertThat(service.get("/offers", "text/html").statusCode()).isEqualTo(403);
        assertThat(service.get("/admin/contact-policy", "text/html").statusCode()).isEqualTo(403);
        assertThat(service.get("/tasks", "text/html").statusCode()).isEqualTo(200);
        Http marketer = new Http(port);
        marketer.login(tenant.user("marketer"), TestTenants.PASSWORD);
        assertThat(marketer.get("/tasks", "text/html").statusCode()).isEqualTo(403);
        assertThat(marketer.get("/journeys", "text/html").statusCode()).isEqualTo(200);
        assertThat(marketer.get("/dashboard", "text/html").statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorCreatesATenantFromAPack() {
        String email = "op-" + UUID.randomUUID().toString().substring(0, 8) + "@genkend.test";
        users.upsertOperator(email, "Operator", TestTenants.PASSWORD);
        Http http = new Http(port);
        http.login(email, TestTenants.PASSWORD);
        String slug = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        String token = http.csrfToken("/operator/tenants");
        HttpResponse<String> created = http.postForm("/operator/tenants",
                "slug=" + slug + "&name=UI+test&pack=grocer&_csrf=" + Http.enc(token));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(http.get("/operator/tenants", "text/html").body()).contains(slug);
        HttpResponse<String> again = http.postForm("/operator/tenants",
                "slug=" + slug + "&name=UI+test&pack=grocer&_csrf=" + Http.enc(token));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("This slug is taken.");
        assertThat(http.get("/operator/health", "text/html").body()).contains("UP");
    }

    @Test
    void theLanguageComesFromLangAndStaysInACookie() {
        Http http = new Http(port);
        HttpResponse<String> danish = http.get("/login?lang=da", "text/html");
        assertThat(danish.body()).contains("<h1>Log ind</h1>", "lang=\"da\"");
        assertThat(danish.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("genkend-lang=da"));
        assertThat(http.get("/login", "text/html").body()).contains("<h1>Log ind</h1>");
        assertThat(new Http(port).get("/login", "text/html").body()).contains("<h1>Log in</h1>");
    }

    @Test
    void htmxRequestsCarryTheCsrfTokenFromThePage() {
        TestTenant tenant = testTenants.create("htmx", null);
        Http http = new Http(port);
        http.login(tenant.user("admin"), TestTenants.PASSWORD);
        String body = http.get("/", "text/html").body();
        Matcher meta = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(body);
        assertThat(meta.find()).isTrue();
        assertThat(body).contains("hx-headers=\"{&quot;X-CSRF-TOKEN&quot;:&quot;" + meta.group(1) + "&quot;}\"")
                .containsPattern("src=\"/webjars/htmx.org/[0-9.]+/dist/htmx.min.js\"");
        assertThat(http.get("/webjars/htmx.org/dist/htmx.min.js", "*/*").statusCode()).isEqualTo(200);
        assertThat(http.get("/webjars/chart.js/dist/chart.umd.min.js", "*/*").statusCode()).isEqualTo(200);
        assertThat(http.get("/designer/designer.js", "*/*").statusCode()).isEqualTo(200);
    }
}
