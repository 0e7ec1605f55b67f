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
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer page's search (e-mail, phone, name prefix, anonymousId; a list when several match) and erasure with its
 * confirmation step, over real HTTP: tenants apart, tenant admins only, CSRF required, and afterwards nothing of
 * the customer is left but the refusal of a re-import.
 */
@IntegrationTest
class CustomerSearchAndErasureIT {

    @Autowired TestTenants testTenants;
    @LocalServerPort int port;

    private HttpResponse<String> send(TestTenant tenant, String json) {
        return new Http(port).send(new Http(port).request("/api/v1/events")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private void identify(TestTenant tenant, String userId, String traits) {
        HttpResponse<String> response = send(tenant, """
                {"type": "identify", "userId": "%s", "traits": %s}""".formatted(userId, traits));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return the profile id the search redirected to, or {@code null} when it did not redirect */
    private static String found(HttpResponse<String> search) {
        if (search.statusCode() != 302) {
            return null;
        }
        String location = search.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("/customers/") + "/customers/".length());
    }

    private String profileId(Http http, String userId) {
        String id = found(http.get("/customers?q=" + Http.enc(userId), "text/html"));
        assertThat(id).as("profile of " + userId).isNotNull();
        return id;
    }

    @Test
    void anAnonymousProfileIsFoundByItsAnonymousIdAsAProfileIsByItsUserId() {
        TestTenant mine = testTenants.create("anonymous", null);
        TestTenant other = testTenants.create("anonymous-other", null);
        String anonymousId = "a1b2c3-" + unique();
        HttpResponse<String> stored = send(mine, """
                {"type": "track", "anonymousId": "%s", "event": "Product Viewed", "properties": {"sku": "K-1"}}"""
                .formatted(anonymousId));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);

        // the API: GET /api/v1/customers/{id} takes the anonymousId as it takes a userId
        Http api = new Http(port);
        HttpResponse<String> profile = api.getWithKey("/api/v1/customers/" + Http.enc(anonymousId),
                mine.apiKey().secret());
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
        assertThat(profile.body()).contains("\"kind\":\"anonymousId\"", "\"value\":\"" + anonymousId + "\"");
        String profileId = io.genkend.event.EventApi.read(profile.body()).path("id").asText();
        assertThat(api.getWithKey("/api/v1/customers/" + Http.enc(anonymousId) + "/timeline", mine.apiKey().secret())
                .body()).contains("Product Viewed");
        assertThat(api.getWithKey("/api/v1/customers/" + Http.enc(anonymousId), other.apiKey().secret())
                .statusCode()).isEqualTo(404);

        // the page's search opens the profile; another tenant finds nothing
        Http agent = new Http(port);
        agent.login(mine.user("service"), TestTenants.PASSWORD);
        assertThat(found(agent.get("/customers?q=" + Http.enc(anonymousId), "text/html"))).isEqualTo(profileId);
        Http stranger = new Http(port);
        stranger.login(other.user("service"), TestTenants.PASSWORD);
        assertThat(stranger.get("/customers?q=" + Http.enc(anonymousId), "text/html").body())
                .contains("Nobody found");

        // once the person is identified, the anonymousId finds the same profile as the userId
        String userId = "user-" + unique();
        HttpResponse<String> identified = send(mine, """
                {"type": "identify", "userId": "%s", "anonymousId": "%s", "traits": {}}"""
                .formatted(userId, anonymousId));
        assertThat(identified.statusCode()).as(identified.body()).isEqualTo(202);
        assertThat(found(agent.get("/customers?q=" + Http.enc(anonymousId), "text/html")))
                .isEqualTo(found(agent.get("/customers?q=" + Http.enc(userId), "text/html"))).isNotNull();
    }

    @Test
    void searchByEmailPhoneAndNameFindsOnlyTheTenantsOwnCustomers() {
        TestTenant mine = testTenants.create("search", null);
        TestTenant theirs = testTenants.create("search-other", null);
        String tag = unique();
        String email = "Peter." + tag + "@Example.com";
        String phone = "+45 2" + (1000000 + ThreadLocalRandom.current().nextInt(8999999)); // +45 and 8 digits
        String digits = phone.replaceAll("[^0-9]", "");
        identify(mine, "p-" + tag, """
                {"email": "%s", "phone": "%s", "name": "Peter Jensen-%s"}""".formatted(email, phone, tag));
        identify(mine, "a1-" + tag, "{\"firstName\": \"Anna%s\", \"lastName\": \"Berg\"}".formatted(tag));
        identify(mine, "a2-" + tag, "{\"name\": \"anna%s Holm\"}".formatted(tag));
        // the other tenant has a customer with the same e-mail, phone and name
        identify(theirs, "t-" + tag, """
                {"email": "%s", "phone": "%s", "name": "Peter Jensen-%s"}""".formatted(email, phone, tag));

        Http http = new Http(port);
        http.login(mine.user("service"), TestTenants.PASSWORD);
        String peter = profileId(http, "p-" + tag);

        // e-mail: exact after lower-casing and trimming
        assertThat(found(http.get("/customers?q=" + Http.enc("  " + email.toLowerCase() + " "), "text/html")))
                .isEqualTo(peter);
        assertThat(found(http.get("/customers?q=" + Http.enc(email.toUpperCase()), "text/html"))).isEqualTo(peter);
        // phone: the digits, whatever the separators and the international prefix
        for (String typed : new String[]{phone, "+" + digits, "00" + digits, digits.substring(0, 2) + " "
                + digits.substring(2, 6) + "-" + digits.substring(6)}) {
            assertThat(found(http.get("/customers?q=" + Http.enc(typed), "text/html"))).as(typed).isEqualTo(peter);
        }
        // without the country code: the national number finds it too
        assertThat(found(http.get("/customers?q=" + Http.enc(digits.substring(2)), "text/html"))).isEqualTo(peter);
        // a part of the number or of the address is not a match
        assertThat(http.get("/customers?q=" + Http.enc(digits.substring(4)), "text/html").body())
                .contains("Nobody found");
        assertThat(http.get("/customers?q=" + Http.enc("example.com"), "text/html").body()).contains("Nobody found");
        // name prefix: one match opens it, two are listed
        assertThat(found(http.get("/customers?q=" + Http.enc("peter jensen-" + tag), "text/html"))).isEqualTo(peter);
        HttpResponse<String> annas = http.get("/customers?q=" + Http.enc("Anna" + tag), "text/html");
        assertThat(annas.statusCode()).isEqualTo(200);
        assertThat(annas.body()).contains("id=\"search-results\"", "a1-" + tag, "a2-" + tag, "Anna" + tag + " Berg",
                "2 customers match").doesNotContain("p-" + tag);

        // the other tenant's agent finds their own customer by the same e-mail and phone, never mine
        Http stranger = new Http(port);
        stranger.login(theirs.user("service"), TestTenants.PASSWORD);
        String theirPeter = profileId(stranger, "t-" + tag);
        assertThat(theirPeter).isNotEqualTo(peter);
        assertThat(found(stranger.get("/customers?q=" + Http.enc(email), "text/html"))).isEqualTo(theirPeter);
        assertThat(found(stranger.get("/customers?q=" + Http.enc(phone), "text/html"))).isEqualTo(theirPeter);
        assertThat(stranger.get("/customers?q=" + Http.enc("Anna" + tag), "text/html").body())
                .contains("Nobody found");
        assertThat(stranger.get("/customers?q=" + peter, "text/html").body()).contains("Nobody found");
    }

    @Test
    void phoneSearchIgnoresTheCountryCodeAndSeparatorsOnBothSides() {
        TestTenant tenant = testTenants.create("phone", null);
        String tag = unique();
        identify(tenant, "intl-" + tag, "{\"phone\": \"+45 20 30 40 50\"}");
        identify(tenant, "national-" + tag, "{\"phone\": \"20 11 22 33\"}");
        identify(tenant, "bracketed-" + tag, "{\"phone\": \"(+45) 41-42-43-44\"}");
        identify(tenant, "swedish-" + tag, "{\"phone\": \"+46 70 123 45 67\"}");
        Http http = new Http(port);
        http.login(tenant.user("service"), TestTenants.PASSWORD);
        String intl = profileId(http, "intl-" + tag);
        String national = profileId(http, "national-" + tag);
        String bracketed = profileId(http, "bracketed-" + tag);
        String swedish = profileId(http, "swedish-" + tag);

        // stored with +45, typed without
        for (String typed : new String[]{"20304050", "20 30 40 50", "+45 20 30 40 50", "004520304050",
                "(+45) 20-30-40-50"}) {
            assertThat(found(http.get("/customers?q=" + Http.enc(typed), "text/html"))).as(typed).isEqualTo(intl);
        }
        // stored without a country code, typed with one
        for (String typed : new String[]{"+45 20 11 22 33", "004520112233", "4520112233", "20112233",
                "(+45)20-11-22-33"}) {
            assertThat(found(http.get("/customers?q=" + Http.enc(typed), "text/html"))).as(typed)
                    .isEqualTo(national);
        }
        // brackets, dashes and a + that is not first, in the stored number and in the query
        for (String typed : new String[]{"(+45) 41-42-43-44", "41424344", "+45 41 42 43 44"}) {
            assertThat(found(http.get("/customers?q=" + Http.enc(typed), "text/html"))).as(typed)
                    .isEqualTo(bracketed);
        }
        // another country's number, with 00 instead of +
        assertThat(found(http.get("/customers?q=" + Http.enc("0046 701 234 567"), "text/html"))).isEqualTo(swedish);
        // fewer than 8 digits, or other digits, are not a match
        for (String typed : new String[]{"304050", "0304050", "+46 20 30 40 50", "20304051"}) {
            assertThat(http.get("/customers?q=" + Http.enc(typed), "text/html").body()).as(typed)
                    .contains("Nobody found");
        }
    }

    @Test
    void aTenantAdminErasesACustomerAfterConfirmingAndNothingIsLeft() {
        TestTenant tenant = testTenants.create("erase", null);
        String userId = "e-" + unique();
        identify(tenant, userId, "{\"email\": \"%s@example.com\", \"phone\": \"+4587654321\"}".formatted(userId));
        assertThat(send(tenant, """
                {"type": "track", "userId": "%s", "event": "basket.bought"}""".formatted(userId)).statusCode())
                .isEqualTo(202);

        Http admin = new Http(port);
        admin.login(tenant.user("admin"), TestTenants.PASSWORD);
        String id = profileId(admin, userId);
        assertThat(admin.get("/customers/" + id, "text/html").body()).contains("id=\"erase\"");

        // the confirmation page asks for the customer's id
        HttpResponse<String> confirmPage = admin.get("/customers/" + id + "/erase", "text/html");
        assertThat(confirmPage.statusCode()).isEqualTo(200);
        assertThat(confirmPage.body()).contains("id=\"erase-form\"", "type the customer&#39;s id: " + userId);
        String token = admin.csrfToken("/customers/" + id + "/erase");

        // without a token: refused, nothing erased
        HttpResponse<String> noToken = admin.postForm("/customers/" + id + "/erase", "confirm=" + userId);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("This form has expired").doesNotContain("Your role does not allow");
        // with the token but the wrong id typed: 400 and the page again, nothing erased
        HttpResponse<String> wrong = admin.postForm("/customers/" + id + "/erase",
                "confirm=someone-else&_csrf=" + Http.enc(token));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"confirm-error\"", "aria-invalid=\"true\"");
        assertThat(admin.get("/customers/" + id, "text/html").statusCode()).isEqualTo(200);

        // a marketer or service agent may not erase
        for (String role : new String[]{"marketer", "service"}) {
            Http other = new Http(port);
            other.login(tenant.user(role), TestTenants.PASSWORD);
            assertThat(other.get("/customers/" + id, "text/html").body()).doesNotContain("id=\"erase\"");
            assertThat(other.get("/customers/" + id + "/erase", "text/html").statusCode()).isEqualTo(403);
            String otherToken = other.csrfToken("/customers/" + id);
            assertThat(other.postForm("/customers/" + id + "/erase", "confirm=" + userId + "&_csrf="
                    + Http.enc(otherToken)).statusCode()).isEqualTo(403);
        }

        // another tenant's admin: 404 on both steps
        TestTenant theirs = testTenants.create("erase-other", null);
        Http stranger = new Http(port);
        stranger.login(theirs.user("admin"), TestTenants.PASSWORD);
        assertThat(stranger.get("/customers/" + id + "/erase", "text/html").statusCode()).isEqualTo(404);
        String strangerToken = stranger.csrfToken("/customers");
        assertThat(stranger.postForm("/customers/" + id + "/erase", "confirm=" + userId + "&_csrf="
                + Http.enc(strangerToken)).statusCode()).isEqualTo(404);
        assertThat(admin.get("/customers/" + id, "text/html").statusCode()).isEqualTo(200);

        // confirmed: erased, and the search page says so
        HttpResponse<String> erased = admin.postForm("/customers/" + id + "/erase",
                "confirm=" + Http.enc(" " + userId + " ") + "&_csrf=" + Http.enc(token));
        assertThat(erased.statusCode()).isEqualTo(302);
        assertThat(erased.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/customers"));
        assertThat(admin.get("/customers", "text/html").body()).contains("id=\"erased-notice\"",
                "Customer " + userId + " has been erased.");

        // gone per the erasure rules: no profile, no events, the identifiers refused on a re-import
        assertThat(admin.get("/customers/" + id, "text/html").statusCode()).isEqualTo(404);
        assertThat(admin.get("/customers?q=" + userId, "text/html").body()).contains("Nobody found");
        assertThat(admin.get("/customers?q=" + Http.enc(userId + "@example.com"), "text/html").body())
                .contains("Nobody found");
        Http api = new Http(port);
        assertThat(api.getWithKey("/api/v1/customers/" + id, tenant.apiKey().secret()).statusCode()).isEqualTo(404);
        assertThat(api.getWithKey("/api/v1/customers/" + id + "/export", tenant.apiKey().secret()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> again = send(tenant, """
                {"type": "track", "userId": "%s", "event": "basket.bought"}""".formatted(userId));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("customer-erased");
        HttpResponse<String> byPhone = send(tenant, """
                {"type": "identify", "userId": "new-%s", "traits": {"phone": "+4587654321"}}""".formatted(userId));
        assertThat(byPhone.statusCode()).isEqualTo(409);
    }
}
