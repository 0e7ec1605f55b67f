package io.genkend.report;

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report on real traffic: events fed through the API to a dealer tenant run its windscreen journey (decision,
 * outreach, car-glass suppression); an echo offer, a holdout decision and a bank tenant's adviser task complete the
 * picture; the JSON and the page show the numbers, and each tenant sees only its own.
 */
@IntegrationTest
class ReportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired TestTenants testTenants;
    @LocalServerPort int port;
    @Autowired org.springframework.boot.autoconfigure.mail.MailProperties mailProperties;

    @Test
    void countsWhatTheEventsSetInMotion() throws Exception {
        Http http = new Http(port);
        TestTenant dealer = testTenants.create("report", "dealer");
        String key = dealer.apiKey().secret();
        assertThat(send(http, key, "PUT", "/api/v1/decisions/settings", "{\"holdoutPercent\":0}").statusCode())
                .isEqualTo(200);

        String appointment = Instant.now().plus(2, ChronoUnit.HOURS).toString();
        String batch = """
                {"batch": [
                 {"type":"identify","userId":"rep-1","messageId":"rep-m1",
                  "traits":{"email":"rep-1@example.com","phone":"+4512345678","firstName":"Rie"}},
                 {"type":"identify","userId":"rep-2","messageId":"rep-m2","traits":{"email":"rep-2@example.com"}},
                 {"type":"track","userId":"rep-1","event":"Product Viewed","messageId":"rep-m3",
                  "properties":{"sku":"WIPER-600"}},
                 {"type":"track","userId":"rep-2","event":"Product Viewed","messageId":"rep-m4",
                  "properties":{"sku":"WIPER-650"}},
                 {"type":"track","userId":"rep-1","event":"repair.booked","messageId":"rep-m5",
                  "properties":{"bookingId":"B-1","part":"windscreen","appointmentAt":"%s"}}
                ]}""".formatted(appointment);
        assertThat(send(http, key, "POST", "/api/v1/events", batch).statusCode()).isEqualTo(202);

        // the journey runs: suppress car-glass, decide a mobility offer (the appointment is within a day), send it
        JsonNode report = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(http, key), r -> r.path("outreachTotal").asLong() >= 1);
        assertThat(report.path("tenant").asText()).isEqualTo(dealer.tenant().slug());
        assertThat(report.path("events").path("identify").asLong()).isEqualTo(2);
        assertThat(report.path("events").path("Product Viewed").asLong()).isEqualTo(2);
        assertThat(report.path("events").path("repair.booked").asLong()).isEqualTo(1);
        assertThat(report.path("eventsTotal").asLong()).isEqualTo(5);
        JsonNode windscreen = journey(report, "dealerWindscreen");
        assertThat(windscreen.path("started").asLong()).isEqualTo(1);
        assertThat(windscreen.path("running").asLong()).isEqualTo(1);
        assertThat(report.path("decisions").asLong()).isEqualTo(1);
        assertThat(report.path("offersDecided").size()).isEqualTo(1);
        assertThat(report.path("offersDecided").elements().next().asLong()).isEqualTo(1);
        assertThat(report.path("outreach").get(0).path("status").asText()).isNotBlank();
        assertThat(report.path("tasks").path("created").asLong()).isZero();

        // an echo: the journey suppressed car-glass when the windscreen repair was booked
        UUID rep1 = customerId(http, key, "rep-1");
        assertThat(send(http, key, "POST", "/api/v1/decisions",
                "{\"customerId\":\"" + rep1 + "\",\"context\":\"report\",\"categories\":[\"car-glass\"]}")
                .statusCode()).isEqualTo(201);
        // a holdout decision: everybody is in the holdout now
        assertThat(send(http, key, "PUT", "/api/v1/decisions/settings", "{\"holdoutPercent\":100}").statusCode())
                .isEqualTo(200);
        UUID rep2 = customerId(http, key, "rep-2");
        assertThat(send(http, key, "POST", "/api/v1/decisions",
                "{\"customerId\":\"" + rep2 + "\",\"context\":\"report\",\"categories\":[\"mobility\"]}")
                .statusCode()).isEqualTo(201);

        report = report(http, key);
        assertThat(report.path("decisions").asLong()).isEqualTo(3);
        assertThat(report.path("decisionsWithoutOffer").asLong()).isEqualTo(2);
        JsonNode echo = report.path("echoSuppressed");
        assertThat(echo.path("bySuppression").asLong()).isEqualTo(1);
        assertThat(echo.path("byOffer").size()).isEqualTo(1);
        assertThat(echo.path("byOffer").elements().next().asLong()).isEqualTo(1);
        assertThat(echo.path("decisions").asLong()).isEqualTo(1);
        JsonNode holdout = report.path("holdout");
        assertThat(holdout.path("customers").asLong()).isEqualTo(1);
        assertThat(holdout.path("holdoutDecisions").asLong()).isEqualTo(1);
        assertThat(holdout.path("treatedCustomers").asLong()).isEqualTo(1);
        assertThat(holdout.path("treatedAccepted").asLong()).isZero();

        // a bank tenant: a mortgage enquiry hands over the lead and gives an adviser a task
        TestTenant bank = testTenants.create("report-bank", "bank");
        assertThat(send(http, bank.apiKey().secret(), "POST", "/api/v1/events",
                "{\"type\":\"track\",\"userId\":\"rep-b1\",\"event\":\"mortgage.enquiry\",\"messageId\":\"rep-b1\","
                        + "\"properties\":{\"amount\":2500000}}").statusCode()).isEqualTo(202);
        JsonNode bankReport = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(http, bank.apiKey().secret()), r -> r.path("tasks").path("created").asLong() >= 1);
        assertThat(bankReport.path("tasks").path("created").asLong()).isEqualTo(1);
        assertThat(bankReport.path("tasks").path("open").asLong()).isEqualTo(1);
        assertThat(journey(bankReport, "bankMortgageEnquiry").path("started").asLong()).isEqualTo(1);
        assertThat(bankReport.path("eventsTotal").asLong()).isEqualTo(1);
        assertThat(bankReport.path("decisions").asLong()).isZero();
        assertThat(report(http, key).path("tasks").path("created").asLong()).isZero();
    }

    /**
     * What {@code genkend-replay --synthetic-contacts} sends for a bank client (its synthetic identify before the
     * client's own events) makes outreach really happen: e-mail to the synthetic address when an SMTP server is
     * there, in-app for a client whose consent covers in-app only; a client as the plain replay sends it (no address,
     * no consent) stays suppressed.
     */
    @Test
    void syntheticContactsAsTheReplaySendsThemMakeRealOutreachByEmailAndInApp() throws Exception {
        io.genkend.outreach.support.MailServer.start(mailProperties.getPort());
        Http http = new Http(port);
        TestTenant bank = testTenants.create("report-synthetic", "bank");
        String key = bank.apiKey().secret();
        assertThat(send(http, key, "PUT", "/api/v1/decisions/settings", "{\"holdoutPercent\":0}").statusCode())
                .isEqualTo(200);
        String client = """
                {"type":"identify","userId":"%1$s","messageId":"%1$s-1","traits":{"age":41,"job":"management",
                 "balance":9000,"housingLoan":false,"personalLoan":false,"creditDefault":false}}""";
        String synthetic = """
                {"type":"identify","userId":"%1$s","messageId":"%1$s-0","traits":{"email":"%1$s@example.invalid",
                 "syntheticContact":true,"consent":{"version":"replay-synthetic","source":"replay: synthetic consent",
                 "marketing":{%2$s}}}}""";
        String deposit = """
                {"type":"track","userId":"%1$s","event":"deposit.large","messageId":"%1$s-2",
                 "properties":{"amount":9000,"currency":"EUR","basis":"average yearly balance"}}""";
        String batch = "{\"batch\": [" + String.join(",",
                synthetic.formatted("syn-mail", "\"email\":\"granted\",\"in-app\":\"granted\""),
                client.formatted("syn-mail"), deposit.formatted("syn-mail"),
                synthetic.formatted("syn-app", "\"in-app\":\"granted\""), client.formatted("syn-app"),
                deposit.formatted("syn-app"),
                client.formatted("plain"), deposit.formatted("plain")) + "]}";
        assertThat(send(http, key, "POST", "/api/v1/events", batch).statusCode()).isEqualTo(202);

        JsonNode report = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(http, key), r -> count(r, "EMAIL", "SENT") == 1 && count(r, "IN_APP", "SENT") == 1
                        && r.path("outreachTotal").asLong() == 3);
        assertThat(count(report, null, "SUPPRESSED")).isEqualTo(1);
        // the page names the suppressed outreach's channel (NONE) in words, in both languages
        assertThat(count(report, "NONE", "SUPPRESSED")).isEqualTo(1);
        Http page = new Http(port);
        assertThat(page.login(bank.user("marketer"), TestTenants.PASSWORD).statusCode()).isEqualTo(302);
        for (String[] language : new String[][]{{"en", "No channel (not sent)"}, {"da", "Ingen kanal (ikke sendt)"}}) {
            HttpResponse<String> shown = page.send(page.request("/reports").header("Accept", "text/html")
                    .header("Accept-Language", language[0]).GET().build());
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.body()).as(language[0]).contains(language[1]).doesNotContain(">NONE<");
        }
        assertThat(io.genkend.outreach.support.MailServer.to("syn-mail@example.invalid")).hasSize(1);
        UUID inApp = customerId(http, key, "syn-app");
        JsonNode inbox = JSON.readTree(http.getWithKey("/api/v1/outreach/inbox/" + inApp, key).body());
        assertThat(inbox.toString()).contains("high-yield-savings");
        JsonNode consents = JSON.readTree(http.getWithKey("/api/v1/customers/syn-mail/export", key).body());
        assertThat(consents.toString()).contains("replay: synthetic consent");
    }

    /** @return the report's outreach count of a channel ({@code null}: any) and status */
    private static long count(JsonNode report, String channel, String status) {
        long n = 0;
        for (JsonNode row : report.path("outreach")) {
            if ((channel == null || row.path("channel").asText("").equals(channel))
                    && row.path("status").asText().equals(status)) {
                n += row.path("count").asLong();
            }
        }
        return n;
    }

    @Test
    void bankAndGrocerPacksSeedTheirOfferCatalogues() {
        Http http = new Http(port);
        for (String[] pack : new String[][] {{"bank", "high-yield-savings"}, {"grocer", "coffee-refill"}}) {
            TestTenant tenant = testTenants.create("report-" + pack[0], pack[0]);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(http.getWithKey("/api/v1/offers", tenant.apiKey().secret()).body())
                            .contains("\"" + pack[1] + "\""));
        }
    }

    @Test
    void thePageShowsTheTenantsFiguresInItsLanguage() {
        TestTenant dealer = testTenants.create("report-page", "dealer");
        Http http = new Http(port);
        assertThat(http.login(dealer.user("marketer"), TestTenants.PASSWORD).statusCode()).isEqualTo(302);
        HttpResponse<String> page = http.send(http.request("/reports").header("Accept", "text/html")
                .header("Accept-Language", "da").GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(dealer.tenant().slug()).contains("Hændelser").contains("Kontrolgruppe")
                .contains("id=\"report-journeys\"").contains("dealerWindscreen")
                .contains("<span>Lejer</span>").doesNotContain("<span>Kunde</span>");
        HttpResponse<String> english = http.send(http.request("/reports").header("Accept", "text/html")
                .header("Accept-Language", "en").GET().build());
        assertThat(english.body()).contains("Echo offers suppressed");

        // the report takes no period: from and to are refused, naming them, not ignored
        for (String query : new String[]{"from=bad", "from=2026-01-01T00:00:00Z", "to=bad"}) {
            HttpResponse<String> refused = http.getWithKey("/api/v1/reports/summary?" + query,
                    dealer.apiKey().secret());
            assertThat(refused.statusCode()).as(query + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("https://genkend.io/problems/validation")
                    .contains("\"field\":\"" + query.substring(0, query.indexOf('=')) + "\"");
        }
        HttpResponse<String> anonymous = new Http(port).send(new Http(port).request("/api/v1/reports/summary")
                .header("Accept", "application/json").GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static JsonNode journey(JsonNode report, String key) {
        for (JsonNode journey : report.path("journeys")) {
            if (journey.path("journeyKey").asText().equals(key)) {
                return journey;
            }
        }
        throw new AssertionError("no journey " + key + " in " + report);
    }

    private static JsonNode report(Http http, String key) throws Exception {
        HttpResponse<String> answer = http.getWithKey("/api/v1/reports/summary", key);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static UUID customerId(Http http, String key, String userId) throws Exception {
        HttpResponse<String> answer = http.getWithKey("/api/v1/customers/" + userId, key);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return UUID.fromString(JSON.readTree(answer.body()).path("id").asText());
    }

    private static HttpResponse<String> send(Http http, String key, String method, String path, String body) {
        return http.send(http.request(path).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
