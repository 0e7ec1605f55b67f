package io.genkend.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.genkend.customer.Channel;
import io.genkend.customer.CustomerProfiles;
import io.genkend.customer.Purpose;
import io.genkend.decision.Offer;
import io.genkend.decision.OfferCatalogue;
import io.genkend.outreach.support.MailServer;
import io.genkend.outreach.support.TestCustomers;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The offers page from outside, over real HTTP on the dealer pack: the list, an edit that the next decision uses,
 * refused edits that change nothing, the message preview that sends nothing, and tenants apart.
 */
@IntegrationTest
class OfferPagesIT {

    @Autowired TestTenants testTenants;
    @Autowired TestCustomers customers;
    @Autowired CustomerProfiles profiles;
    @Autowired OfferCatalogue catalogue;
    @Autowired ObjectMapper json;
    @Autowired MailProperties mailProperties;
    @LocalServerPort int port;

    Http api;
    TestTenant tenant;

    @BeforeEach
    void dealer() {
        api = new Http(port);
        tenant = testTenants.create("offers", "dealer");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json.readTree(api.getWithKey("/api/v1/offers", tenant.apiKey().secret()).body()).size() == 4);
    }

    @Test
    void theListShowsThePacksOffersAndAnEditIsUsedByTheNextDecision() throws Exception {
        Http marketer = login("marketer");
        HttpResponse<String> list = marketer.get("/offers", "text/html");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("id=\"offer-taxi-courtesy\"", "Courtesy taxi on the repair day",
                "id=\"offer-wiper-blades\"", "id=\"offer-windscreen-replacement\"", "mobility", "eligibility DMN",
                "prior Beta(3, 7)", "id=\"holdoutPercent\"");
        assertThat(marketer.get("/offers/taxi-courtesy", "text/html").body())
                .contains("Courtesy taxi on the repair day", "id=\"eligibilityDmn\"", "id=\"preview-form\"");

        UUID customer = customers.create(tenant, api, "dec-" + UUID.randomUUID() + "@example.com", null, "da-DK",
                "Europe/Copenhagen", Map.of("firstName", "Ole"));
        assertThat(candidates(customer, "mobility")).contains("taxi-courtesy");
        JsonNode before = offer("taxi-courtesy");

        Map<String, String> form = formOf(before);
        form.put("name", "Free taxi on the repair day");
        form.put("value", "175,5");
        form.remove("active"); // unchecked: the offer no longer takes part in decisions
        HttpResponse<String> saved = post(marketer, "/offers/taxi-courtesy", form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(marketer.get("/offers", "text/html").body()).contains("Free taxi on the repair day", "175.5",
                "Offer taxi-courtesy saved.");

        JsonNode after = offer("taxi-courtesy");
        assertThat(after.path("name").asText()).isEqualTo("Free taxi on the repair day");
        assertThat(after.path("value").decimalValue()).isEqualByComparingTo("175.5");
        assertThat(after.path("active").asBoolean()).isFalse();
        assertThat(after.path("templates")).isEqualTo(before.path("templates"));
        assertThat(after.path("eligibilityDmn")).isEqualTo(before.path("eligibilityDmn"));
        assertThat(after.path("prior")).isEqualTo(before.path("prior"));
        assertThat(after.path("contextWeights")).isEqualTo(before.path("contextWeights"));
        Offer read = TenantContext.callAs(tenant.tenant(), () -> catalogue.find("taxi-courtesy").orElseThrow());
        assertThat(read.value()).isEqualByComparingTo(new BigDecimal("175.5"));
        assertThat(candidates(customer, "mobility")).doesNotContain("taxi-courtesy");

        // a new offer through the same form
        Map<String, String> created = new java.util.LinkedHashMap<>(form);
        created.put("code", "winter-tyres");
        created.put("name", "Winter tyres");
        created.put("category", "tyres");
        created.put("active", "true");
        created.put("eligibilityDmn", "");
        assertThat(post(marketer, "/offers/new", created).statusCode()).isEqualTo(302);
        assertThat(offer("winter-tyres").path("category").asText()).isEqualTo("tyres");
        HttpResponse<String> again = post(marketer, "/offers/new", created);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("id=\"code-error\"", "An offer with this code exists.");
    }

    @Test
    void invalidEditsShowFieldErrorsAndChangeNothing() throws Exception {
        Http marketer = login("marketer");
        JsonNode before = offer("wiper-blades");
        Map<String, String> form = formOf(before);
        form.put("name", " ");
        form.put("value", "-5");
        form.put("suitabilityDmn", "<definitions>not a decision</definitions>");
        form.put("priorAlpha", "0");
        HttpResponse<String> refused = post(marketer, "/offers/wiper-blades", form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"name-error\"", "id=\"value-error\"", "id=\"suitabilityDmn-error\"",
                "id=\"priorAlpha-error\"", "Not saved", "Must be 0 or more, less than 10000000000", "role=\"alert\"");
        // the typed values are shown again
        assertThat(refused.body()).contains("value=\"-5\"");
        assertThat(offer("wiper-blades")).isEqualTo(before);

        Map<String, String> unparsable = formOf(before);
        unparsable.put("value", "lots");
        unparsable.put("templates", "{not json");
        unparsable.put("channels", "EMAIL, PIGEON");
        HttpResponse<String> refusedAgain = post(marketer, "/offers/wiper-blades", unparsable);
        assertThat(refusedAgain.statusCode()).isEqualTo(200);
        assertThat(refusedAgain.body()).contains("id=\"value-error\"", "id=\"templates-error\"", "id=\"channels-error\"");
        assertThat(offer("wiper-blades")).isEqualTo(before);

        // Danish labels for the same errors
        HttpResponse<String> danish = post(marketer, "/offers/wiper-blades?lang=da", form);
        assertThat(danish.body()).contains("Skal være 0 eller mere, mindre end 10000000000", "Ikke gemt");

        // the REST API refuses the same offer with a problem
        ((com.fasterxml.jackson.databind.node.ObjectNode) before).put("value", -5);
        HttpResponse<String> rest = api.send(api.request("/api/v1/offers/wiper-blades")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(before))).build());
        assertThat(rest.statusCode()).isEqualTo(400);
        assertThat(rest.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(rest.body()).path("errors").get(0).path("field").asText()).isEqualTo("value");

        // the holdout share: refused outside 0..100, saved inside
        String token = marketer.csrfToken("/offers");
        HttpResponse<String> badShare = marketer.postForm("/offers/settings",
                "holdoutPercent=150&_csrf=" + Http.enc(token));
        assertThat(badShare.statusCode()).isEqualTo(200);
        assertThat(badShare.body()).contains("id=\"holdoutPercent-error\"");
        assertThat(marketer.postForm("/offers/settings", "holdoutPercent=5&_csrf=" + Http.enc(token)).statusCode())
                .isEqualTo(302);
        assertThat(json.readTree(api.getWithKey("/api/v1/decisions/settings", tenant.apiKey().secret()).body())
                .path("holdoutPercent").asDouble()).isEqualTo(5.0);
    }

    @Test
    void thePreviewRendersTheCustomersNameAndSendsNothing() throws Exception {
        MailServer.start(mailProperties.getPort());
        String email = "preview-" + UUID.randomUUID() + "@example.com";
        UUID customer = customers.create(tenant, api, email, "+4511223344", "da-DK", "Europe/Copenhagen",
                Map.of("firstName", "Karen"));
        customers.grant(tenant, api, customer, Purpose.MARKETING, Channel.EMAIL);
        String userId = TenantContext.callAs(tenant.tenant(), () -> profiles.find(customer).orElseThrow().userId());

        Http marketer = login("marketer");
        HttpResponse<String> fragment = marketer.send(marketer.request("/offers/taxi-courtesy/preview?customer="
                        + Http.enc(userId) + "&channel=EMAIL&language=")
                .header("HX-Request", "true").header("Accept", "text/html").GET().build());
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body().strip()).startsWith("<div id=\"preview\"").doesNotContain("<html");
        assertThat(fragment.body()).contains("Hej Karen", "En taxa til dit værkstedsbesøg, Karen?", email,
                "Afmeld beskeder på denne kanal", "/r/");

        HttpResponse<String> english = marketer.get("/offers/taxi-courtesy/preview?customer=" + Http.enc(userId)
                + "&channel=SMS&language=en", "text/html");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.body()).contains("<html", "A free taxi to and from the workshop", "Stop: ",
                "no SMS provider configured");

        assertThat(marketer.get("/offers/taxi-courtesy/preview?customer=nobody-" + UUID.randomUUID()
                + "&channel=EMAIL", "text/html").body()).contains("Nobody found");

        // nothing was scheduled or sent
        JsonNode outbox = json.readTree(api.getWithKey("/api/v1/outreach?customerId=" + customer,
                tenant.apiKey().secret()).body());
        assertThat(outbox).isEmpty();
        assertThat(MailServer.to(email)).isEmpty();
    }

    @Test
    void anOfferIsDeletedFromItsPageAfterAConfirmationStep() throws Exception {
        Http marketer = login("marketer");
        assertThat(marketer.get("/offers/wiper-blades", "text/html").body())
                .contains("id=\"delete-offer\"", "href=\"/offers/wiper-blades/delete\"", "Delete this offer");
        HttpResponse<String> confirm = marketer.get("/offers/wiper-blades/delete", "text/html");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("id=\"delete-form\"", "action=\"/offers/wiper-blades/delete\"",
                "name=\"_csrf\"", "Delete for good");
        assertThat(marketer.get("/offers/wiper-blades/delete?lang=da", "text/html").body())
                .contains("Slet for altid", "Slet tilbuddet wiper-blades");
        assertThat(marketer.get("/offers/wiper-blades/delete?lang=en", "text/html").statusCode()).isEqualTo(200);

        // without the CSRF token nothing happens
        assertThat(marketer.postForm("/offers/wiper-blades/delete", "").statusCode()).isEqualTo(403);
        assertThat(offer("wiper-blades").path("code").asText()).isEqualTo("wiper-blades");

        // another tenant's marketer: 404 for the page and the deletion, and the offer stays
        TestTenant other = testTenants.create("offers-delete-other", null);
        Http stranger = new Http(port);
        stranger.login(other.user("marketer"), TestTenants.PASSWORD);
        assertThat(stranger.get("/offers/wiper-blades/delete", "text/html").statusCode()).isEqualTo(404);
        assertThat(stranger.postForm("/offers/wiper-blades/delete",
                "_csrf=" + Http.enc(stranger.csrfToken("/offers"))).statusCode()).isEqualTo(404);
        assertThat(offer("wiper-blades").path("code").asText()).isEqualTo("wiper-blades");
        Http service = new Http(port);
        service.login(tenant.user("service"), TestTenants.PASSWORD);
        assertThat(service.get("/offers/wiper-blades/delete", "text/html").statusCode()).isEqualTo(403);

        HttpResponse<String> deleted = marketer.postForm("/offers/wiper-blades/delete",
                "_csrf=" + Http.enc(marketer.csrfToken("/offers/wiper-blades/delete")));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(302);
        assertThat(deleted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/offers"));
        assertThat(marketer.get("/offers", "text/html").body()).contains("Offer wiper-blades deleted.")
                .doesNotContain("id=\"offer-wiper-blades\"");
        assertThat(api.getWithKey("/api/v1/offers/wiper-blades", tenant.apiKey().secret()).statusCode())
                .isEqualTo(404);
        assertThat(marketer.get("/offers/wiper-blades/delete", "text/html").statusCode()).isEqualTo(404);
        // a new offer has nothing to delete yet
        assertThat(marketer.get("/offers/new", "text/html").body()).doesNotContain("id=\"delete-offer\"");
    }

    @Test
    void anotherTenantsOfferIs404AndRolesAreKeptApart() throws Exception {
        TestTenant other = testTenants.create("offers-other", null);
        Http marketer = login("marketer");
        Http stranger = new Http(port);
        stranger.login(other.user("marketer"), TestTenants.PASSWORD);
        assertThat(stranger.get("/offers/taxi-courtesy", "text/html").statusCode()).isEqualTo(404);
        assertThat(stranger.get("/offers/taxi-courtesy/preview?customer=x&channel=EMAIL", "text/html").statusCode())
                .isEqualTo(404);
        assertThat(stranger.get("/offers", "text/html").body()).doesNotContain("taxi-courtesy");
        Map<String, String> form = formOf(offer("taxi-courtesy"));
        assertThat(post(stranger, "/offers/taxi-courtesy", form).statusCode()).isEqualTo(404);
        assertThat(json.readTree(api.getWithKey("/api/v1/offers", other.apiKey().secret()).body())).isEmpty();
        assertThat(offer("taxi-courtesy").path("name").asText()).isEqualTo("Courtesy taxi on the repair day");

        Http service = new Http(port);
        service.login(tenant.user("service"), TestTenants.PASSWORD);
        assertThat(service.get("/offers", "text/html").statusCode()).isEqualTo(403);
        Http admin = login("admin");
        assertThat(admin.get("/offers", "text/html").statusCode()).isEqualTo(200);
        assertThat(marketer.get("/offers", "text/html").body()).contains("href=\"/offers\"");
    }

    @Test
    void outOfRangeImpreciseAndUnusableOffersAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        JsonNode before = offer("wiper-blades");
        // bounds of the columns (value numeric(12,2), lever numeric(8,4)) and of the response window
        assertRefused(with(before, "value", "10000000000"), "value");
        assertRefused(with(before, "value", "1e400"), "value");
        assertRefused(with(before, "lever", "1e20"), "lever");
        assertRefused(with(before, "lever", "10000"), "lever");
        assertRefused(with(before, "responseWindowHours", "2147483647"), "responseWindowHours");
        assertRefused(with(before, "responseWindowHours", "0"), "responseWindowHours");
        // more decimals than the column holds: refused, not rounded
        assertRefused(with(before, "value", "0.004"), "value");
        assertRefused(with(before, "lever", "0.00001"), "lever");
        // no usable message for a channel, or a template that does not parse
        assertRefused(with(before, "templates", "{}"), "templates.EMAIL");
        assertRefused(with(before, "templates", "{\"EMAIL\":{},\"SMS\":{\"da\":{\"text\":\"x\"}},"
                + "\"IN_APP\":{\"da\":{\"text\":\"x\"}}}"), "templates.EMAIL");
        ObjectNode blankSubject = before.deepCopy();
        ((ObjectNode) blankSubject.path("templates").path("EMAIL").path("da")).put("subject", " ");
        assertRefused(blankSubject, "templates.EMAIL.da.subject");
        ObjectNode broken = before.deepCopy();
        ((ObjectNode) broken.path("templates").path("EMAIL").path("da")).put("subject", "[[${\"");
        assertRefused(broken, "templates.EMAIL.da.subject");
        ObjectNode badExpression = before.deepCopy();
        ((ObjectNode) badExpression.path("templates").path("SMS").path("en")).put("text", "Hi [[${customer.}]]");
        assertRefused(badExpression, "templates.SMS.en.text");
        assertThat(offer("wiper-blades")).isEqualTo(before);

        // wrong JSON types name the field
        assertRefused(with(before, "value", "\"abc\""), "value");
        assertRefused(with(before, "channels", "[\"FAX\"]"), "channels[0]");
        assertRefused(with(before, "validFrom", "\"tomorrow\""), "validFrom");
        assertRefused(with(before, "responseWindowHours", "99999999999"), "responseWindowHours");
        assertThat(put("/api/v1/offers/wiper-blades", "{\"value\":").body())
                .contains("https://genkend.io/problems/malformed");
        assertThat(offer("wiper-blades")).isEqualTo(before);

        // an inactive offer may wait for its templates; the answer is what was stored
        ObjectNode draft = before.deepCopy();
        draft.set("templates", json.createObjectNode());
        draft.put("active", false);
        draft.put("value", new BigDecimal("12.5"));
        draft.put("lever", new BigDecimal("0.0001"));
        HttpResponse<String> saved = put("/api/v1/offers/wiper-blades", json.writeValueAsString(draft));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json.readTree(saved.body())).isEqualTo(offer("wiper-blades"));
        assertThat(offer("wiper-blades").path("lever").decimalValue()).isEqualByComparingTo("0.0001");

        // the page shows the same as field errors
        Http marketer = login("marketer");
        Map<String, String> form = formOf(offer("taxi-courtesy"));
        form.put("value", "10000000000");
        form.put("lever", "0,00001");
        form.put("responseWindowHours", "2147483647");
        form.put("templates", "{\"EMAIL\":{\"da\":{\"subject\":\"[[${\",\"text\":\"x\"}}}");
        form.put("active", "true");
        HttpResponse<String> refused = post(marketer, "/offers/taxi-courtesy", form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"value-error\"", "id=\"lever-error\"",
                "id=\"responseWindowHours-error\"", "id=\"templates-error\"", "templates.EMAIL.da.subject",
                "templates.SMS", "Must be 1 to 8760 hours.");
    }

    /** @return the offer's JSON with one field's value replaced by raw JSON text (such as {@code 1e400}) */
    private String with(JsonNode offer, String field, String rawJson) throws Exception {
        ObjectNode copy = offer.deepCopy();
        copy.put(field, "@@raw@@");
        return json.writeValueAsString(copy).replace("\"@@raw@@\"", rawJson);
    }

    private void assertRefused(JsonNode body, String field) throws Exception {
        assertRefused(json.writeValueAsString(body), field);
    }

    private void assertRefused(String body, String field) throws Exception {
        HttpResponse<String> response = put("/api/v1/offers/wiper-blades", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        json.readTree(response.body()).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).as(response.body()).contains(field);
    }

    private HttpResponse<String> put(String path, String body) {
        return api.send(api.request(path)
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Http login(String role) {
        Http http = new Http(port);
        assertThat(http.login(tenant.user(role), TestTenants.PASSWORD).statusCode()).isEqualTo(302);
        return http;
    }

    private JsonNode offer(String code) throws Exception {
        HttpResponse<String> response = api.getWithKey("/api/v1/offers/" + code, tenant.apiKey().secret());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private List<String> candidates(UUID customer, String category) throws Exception {
        HttpResponse<String> response = api.send(api.request("/api/v1/decisions")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                        "customerId", customer.toString(), "categories", List.of(category))))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        List<String> codes = new ArrayList<>();
        json.readTree(response.body()).path("candidates").forEach(c -> codes.add(c.path("offerCode").asText()));
        return codes;
    }

    /** @return the offer form's fields for an offer as the REST API shows it */
    private Map<String, String> formOf(JsonNode offer) throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("code", offer.path("code").asText());
        form.put("name", offer.path("name").asText());
        form.put("category", offer.path("category").asText());
        form.put("value", offer.path("value").decimalValue().toPlainString());
        form.put("lever", offer.path("lever").decimalValue().toPlainString());
        List<String> channels = new ArrayList<>();
        offer.path("channels").forEach(c -> channels.add(c.asText()));
        form.put("channels", String.join(", ", channels));
        List<String> weights = new ArrayList<>();
        offer.path("contextWeights").fields().forEachRemaining(e -> weights.add(e.getKey() + "=" + e.getValue().asText()));
        form.put("contextWeights", String.join(", ", weights));
        form.put("validFrom", offer.path("validFrom").isNull() ? "" : offer.path("validFrom").asText());
        form.put("validUntil", offer.path("validUntil").isNull() ? "" : offer.path("validUntil").asText());
        if (offer.path("active").asBoolean()) {
            form.put("active", "true");
        }
        form.put("_active", "on");
        form.put("priorAlpha", offer.path("prior").isNull() ? "" : offer.path("prior").path("alpha").asText());
        form.put("priorBeta", offer.path("prior").isNull() ? "" : offer.path("prior").path("beta").asText());
        form.put("responseWindowHours", offer.path("responseWindowHours").isNull() ? ""
                : offer.path("responseWindowHours").asText());
        JsonNode applicability = offer.path("applicability");
        form.put("recentWindowDays", applicability.path("recentWindowDays").isNull() ? ""
                : applicability.path("recentWindowDays").asText());
        List<String> blocking = new ArrayList<>();
        applicability.path("blockingCaseCategories").forEach(c -> blocking.add(c.asText()));
        form.put("blockingCaseCategories", String.join(", ", blocking));
        if (applicability.path("skipIfOwned").asBoolean()) {
            form.put("skipIfOwned", "true");
        }
        form.put("_skipIfOwned", "on");
        form.put("eligibilityDmn", offer.path("eligibilityDmn").isNull() ? "" : offer.path("eligibilityDmn").asText());
        form.put("suitabilityDmn", offer.path("suitabilityDmn").isNull() ? "" : offer.path("suitabilityDmn").asText());
        form.put("templates", json.writeValueAsString(offer.path("templates")));
        return form;
    }

    private static HttpResponse<String> post(Http http, String path, Map<String, String> form) {
        String page = path.startsWith("/offers/new") ? "/offers/new" : "/offers";
        StringBuilder body = new StringBuilder("_csrf=").append(Http.enc(http.csrfToken(page)));
        form.forEach((k, v) -> body.append('&').append(Http.enc(k)).append('=').append(Http.enc(v)));
        return http.postForm(path, body.toString());
    }
}
