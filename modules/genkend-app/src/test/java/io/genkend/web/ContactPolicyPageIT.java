package io.genkend.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.customer.Purpose;
import io.genkend.outreach.OutreachOutcome;
import io.genkend.outreach.OutreachRequest;
import io.genkend.outreach.Outreaches;
import io.genkend.outreach.support.TestCustomers;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contact-policy page from outside: a saved cap is what outreach enforces next; refused values show next to
 * their fields and change nothing; tenants apart.
 */
@IntegrationTest
class ContactPolicyPageIT {

    @Autowired TestTenants testTenants;
    @Autowired TestCustomers customers;
    @Autowired Outreaches outreaches;
    @Autowired TenantDirectory tenants;
    @Autowired TransactionTemplate transactions;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    @Test
    void aSavedCapIsWhatOutreachEnforces() throws Exception {
        TestTenant tenant = testTenants.create("policy", null);
        Http admin = login(tenant, "admin");
        HttpResponse<String> page = admin.get("/admin/contact-policy", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"caps-ALL-DAY\"", "value=\"3\"", "value=\"Europe/Copenhagen\"",
                "<label class=\"sr-only\" for=\"caps-IN_APP-WEEK\">In-app, Per week</label>");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("caps-ALL-DAY", "5");
        form.put("caps-IN_APP-DAY", "1");
        form.put("quietStart", "");
        form.put("quietEnd", "");
        form.put("timeZone", "Europe/London");
        form.put("responseWindowHours", "48");
        form.put("senderEmail", "offers@policy.test");
        form.put("smsUrl", "");
        form.put("pushUrl", "");
        form.put("providerToken", "");
        HttpResponse<String> saved = post(admin, form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(admin.get("/admin/contact-policy", "text/html").body()).contains("Contact policy saved.",
                "value=\"Europe/London\"", "offers@policy.test");
        JsonNode settings = settings(tenant);
        assertThat(settings.path("caps").path("IN_APP").path("DAY").asInt()).isEqualTo(1);
        assertThat(settings.path("caps").path("ALL").path("DAY").asInt()).isEqualTo(5);
        assertThat(settings.path("caps").path("ALL").has("WEEK")).isFalse();
        assertThat(settings.path("responseWindowHours").asInt()).isEqualTo(48);
        assertThat(tenants.timeZone(tenant.tenant())).isEqualTo("Europe/London");

        // outreach now allows one in-app message a day to a customer
        Http api = new Http(port);
        UUID customer = customers.create(tenant, api, "cap-" + UUID.randomUUID() + "@example.com", null, "en-GB",
                "Europe/Copenhagen", Map.of());
        customers.grant(tenant, api, customer, Purpose.MARKETING, Channel.IN_APP);
        assertThat(schedule(tenant, customer).status()).isEqualTo("SCHEDULED");
        OutreachOutcome second = schedule(tenant, customer);
        assertThat(second.status()).isEqualTo("CAPPED");
        assertThat(second.reason()).contains("cap of 1 per DAY on IN_APP");

        // another tenant's admin sees their own policy, not this one
        TestTenant other = testTenants.create("policy-other", null);
        String theirs = login(other, "admin").get("/admin/contact-policy", "text/html").body();
        assertThat(theirs).doesNotContain("offers@policy.test", "Europe/London");
    }

    @Test
    void refusedValuesShowNextToTheirFieldsAndChangeNothing() throws Exception {
        TestTenant tenant = testTenants.create("policy-bad", null);
        Http admin = login(tenant, "admin");
        JsonNode before = settings(tenant);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("caps-EMAIL-DAY", "-1");
        form.put("caps-SMS-WEEK", "many");
        form.put("caps-ALL-DAY", "2");
        form.put("quietStart", "25:00");
        form.put("quietEnd", "08:00");
        form.put("timeZone", "Mars/Olympus");
        form.put("responseWindowHours", "0");
        form.put("senderEmail", "not-an-address");
        form.put("smsUrl", "ftp://sms.example.com");
        HttpResponse<String> refused = post(admin, form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"caps-EMAIL-DAY-error\"", "id=\"caps-SMS-WEEK-error\"",
                "id=\"quietStart-error\"", "id=\"timeZone-error\"", "id=\"responseWindowHours-error\"",
                "id=\"senderEmail-error\"", "id=\"smsUrl-error\"", "Nothing was changed.", "value=\"Mars/Olympus\"");
        assertThat(refused.body()).doesNotContain("id=\"caps-ALL-DAY-error\"");
        assertThat(settings(tenant)).isEqualTo(before);
        assertThat(tenants.timeZone(tenant.tenant())).isEqualTo("Europe/Copenhagen");

        // only the time zone wrong: the policy, valid by itself, is not written either
        Map<String, String> zoneOnly = new LinkedHashMap<>();
        zoneOnly.put("caps-ALL-DAY", "1");
        zoneOnly.put("timeZone", "Nowhere");
        HttpResponse<String> refusedZone = post(admin, zoneOnly);
        assertThat(refusedZone.statusCode()).isEqualTo(200);
        assertThat(refusedZone.body()).contains("id=\"timeZone-error\"");
        assertThat(settings(tenant)).isEqualTo(before);

        // Danish
        HttpResponse<String> danish = post(admin, Map.of("timeZone", "Nowhere"), "?lang=da");
        assertThat(danish.body()).contains("Skal være en tidszone som Europe/Copenhagen.");

        // roles: a marketer may not see it
        assertThat(login(tenant, "marketer").get("/admin/contact-policy", "text/html").statusCode()).isEqualTo(403);
    }

    @Test
    void theApiRefusesUnknownPropertiesWrongTypesAndMissingCapsNamingTheFieldAndKeepsTheCaps() throws Exception {
        TestTenant tenant = testTenants.create("policy-api", null);
        JsonNode before = settings(tenant);
        assertThat(before.path("caps").path("ALL").path("DAY").asInt()).isEqualTo(3);
        // a typo'd body never wipes the caps
        assertFields(put(tenant, "{\"quietStart\":\"25:00\",\"quietEnd\":\"xx\"}"), "quietStart");
        assertFields(put(tenant, "{\"caps\":{},\"quietHours\":{\"begin\":\"22:00\"}}"), "quietHours.begin");
        assertFields(put(tenant, "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}"), "caps");
        // wrong types
        assertFields(put(tenant, "{\"caps\":{\"EMAIL\":{\"DAY\":\"x\"}}}"), "caps.EMAIL.DAY");
        assertFields(put(tenant, "{\"caps\":{},\"responseWindowHours\":\"abc\"}"), "responseWindowHours");
        // the body's own field names for invalid values
        assertFields(put(tenant, "{\"caps\":{},\"quietHours\":{\"start\":\"25:00\",\"end\":\"xx\"}}"),
                "quietHours.start", "quietHours.end");
        assertThat(settings(tenant)).isEqualTo(before);
        // a full body replaces everything: {} caps means no caps
        HttpResponse<String> saved = put(tenant, "{\"caps\":{\"EMAIL\":{\"DAY\":2}},\"responseWindowHours\":24}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(settings(tenant).path("caps").path("EMAIL").path("DAY").asInt()).isEqualTo(2);
        assertThat(settings(tenant).path("caps").has("ALL")).isFalse();
    }

    private HttpResponse<String> put(TestTenant tenant, String body) {
        Http http = new Http(port);
        return http.send(http.request("/api/v1/outreach/settings")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void assertFields(HttpResponse<String> response, String... fields) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<String> named = new java.util.ArrayList<>();
        json.readTree(response.body()).path("errors").forEach(e -> named.add(e.path("field").asText()));
        assertThat(named).as(response.body()).contains(fields);
    }

    private OutreachOutcome schedule(TestTenant tenant, UUID customer) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(status -> outreaches.schedule(
                new OutreachRequest(customer, null, null, null, List.of(Channel.IN_APP), false,
                        Map.of("text", "Hello"), null, null))));
    }

    private JsonNode settings(TestTenant tenant) throws Exception {
        return json.readTree(new Http(port).getWithKey("/api/v1/outreach/settings", tenant.apiKey().secret()).body());
    }

    private Http login(TestTenant tenant, String role) {
        Http http = new Http(port);
        assertThat(http.login(tenant.user(role), TestTenants.PASSWORD).statusCode()).isEqualTo(302);
        return http;
    }

    private static HttpResponse<String> post(Http http, Map<String, String> form) {
        return post(http, form, "");
    }

    private static HttpResponse<String> post(Http http, Map<String, String> form, String query) {
        StringBuilder body = new StringBuilder("_csrf=").append(Http.enc(http.csrfToken("/admin/contact-policy")));
        form.forEach((k, v) -> body.append('&').append(Http.enc(k)).append('=').append(Http.enc(v)));
        return http.postForm("/admin/contact-policy" + query, body.toString());
    }
}
