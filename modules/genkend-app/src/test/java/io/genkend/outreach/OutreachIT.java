package io.genkend.outreach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.customer.Purpose;
import io.genkend.outreach.support.Mails;
import io.genkend.outreach.support.MailServer;
import io.genkend.outreach.support.OutreachProbe;
import io.genkend.outreach.support.TestCustomers;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.genkend.schema.Tables.OUTREACH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outreach end to end on real PostgreSQL, Redis, SMTP (GreenMail) and HTTP (MockWebServer): exactly-once e-mail
 * with working signed links, caps across journeys, quiet hours, consent, SMS with an idempotency key, the in-app
 * inbox and the response API.
 * Consent and profiles come from the customer module, set through its API by {@link TestCustomers}.
 */
@IntegrationTest
class OutreachIT {


    @Autowired TestTenants testTenants;
    @Autowired TestCustomers customers;
    @Autowired Outreaches outreaches;
    @Autowired OutreachProbe probe;
    @Autowired TransactionTemplate transactions;
    @Autowired DSLContext dsl;
    @Autowired ObjectMapper json;
    @Autowired org.springframework.boot.autoconfigure.mail.MailProperties mailProperties;
    @LocalServerPort int port;

    Http http;
    TestTenant tenant;

    @BeforeEach
    void dealer() throws Exception {
        MailServer.start(mailProperties.getPort());
        http = new Http(port);
        tenant = testTenants.create("out", "dealer");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json.readTree(http.getWithKey("/api/v1/offers", tenant.apiKey().secret()).body()).size() == 4);
        settings(Map.of("caps", Map.of()));
    }

    @Test
    void greenMailReceivesExactlyOnePersonalisedEmailWhenMarkingItSentFailsAfterTheHandOver() throws Exception {
        String email = "karen-" + UUID.randomUUID() + "@example.com";
        UUID customer = customers.create(tenant, http, email, "+4512345678", "da-DK", "Europe/Copenhagen",
                Map.of("firstName", "Karen"));
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL);
        probe.failOnceAfterHandOver(customer);

        OutreachOutcome outcome = schedule(offerRequest(customer, "taxi-courtesy", List.of(), "journey-1:offerTaxi"));
        assertThat(outcome.status()).isEqualTo("SCHEDULED");
        assertThat(outcome.channel()).as("no SMS consent, so e-mail").isEqualTo(Channel.EMAIL);

        JsonNode sent = awaitStatus(outcome.outreachId(), "SENT");
        assertThat(sent.path("attempts").asInt()).as("the first attempt failed after the hand-over").isEqualTo(2);
        List<MimeMessage> received = MailServer.to(email);
        assertThat(received).hasSize(1);
        MimeMessage mail = received.get(0);
        assertThat(mail.getMessageID()).isEqualTo("<" + outcome.outreachId() + "@genkend>");
        assertThat(mail.getSubject()).contains("Karen");
        assertThat(mail.getHeader("List-Unsubscribe")[0]).contains("/r/");
        String text = Mails.plainText(mail);
        assertThat(text).contains("Hej Karen", "Afmeld", "indsigelse");

        // The accept link works: opening it shows a confirmation and counts a click; confirming accepts.
        String accept = Mails.linkAfter(text, "Ja tak:");
        HttpResponse<String> page = http.get(accept, "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Bekræft");
        assertThat(awaitStatus(outcome.outreachId(), "CLICKED").path("outreach").path("status").asText())
                .isEqualTo("CLICKED");
        HttpResponse<String> confirmed = http.postForm(accept, "_csrf=" + Http.enc(http.csrfToken(accept)));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Tak!");
        awaitStatus(outcome.outreachId(), "ACCEPTED");
        assertThat(probe.responsesOf(customer)).extracting(OfferResponded::response).containsExactly("ACCEPTED");
        assertThat(probe.responsesOf(customer).get(0).offerCode()).isEqualTo("taxi-courtesy");

        // A forged or altered link is not found.
        assertThat(http.get(accept.substring(0, accept.length() - 3) + "abc", "text/html").statusCode())
                .isEqualTo(404);

        // The unsubscribe link works: afterwards no marketing e-mail is scheduled for this customer.
        String unsubscribe = Mails.linkAfter(text, "Afmeld beskeder på denne kanal:");
        assertThat(http.get(unsubscribe, "text/html").statusCode()).isEqualTo(200);
        assertThat(http.postForm(unsubscribe, "_csrf=" + Http.enc(http.csrfToken(unsubscribe))).statusCode())
                .isEqualTo(200);
        OutreachOutcome after = schedule(offerRequest(customer, "wiper-blades", List.of(Channel.EMAIL), null));
        assertThat(after.status()).isEqualTo("SUPPRESSED");
        // honoured at once by the objection, and (after commit) by the withdrawn consent in the customer's ledger
        assertThat(after.reason()).containsAnyOf("objected to marketing on EMAIL", "no MARKETING consent for EMAIL");
    }

    @Test
    void capsHoldAcrossTwoJourneysForOneCustomer() throws Exception {
        settings(Map.of("caps", Map.of("EMAIL", Map.of("DAY", 1))));
        String email = "cap-" + UUID.randomUUID() + "@example.com";
        UUID customer = customers.create(tenant, http, email, null, "en-GB", "Europe/Copenhagen", Map.of());
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL);
        customers.grant(tenant, http, customer, Purpose.SERVICE, Channel.EMAIL);

        OutreachOutcome first = schedule(offerRequest(customer, "taxi-courtesy", List.of(), "journey-a:offer"));
        OutreachOutcome second = schedule(offerRequest(customer, "wiper-blades", List.of(), "journey-b:offer"));
        assertThat(first.status()).isEqualTo("SCHEDULED");
        assertThat(second.status()).isEqualTo("CAPPED");
        assertThat(second.reason()).contains("cap of 1 per DAY on EMAIL");
        JsonNode capped = detail(second.outreachId());
        assertThat(capped.path("outreach").path("status").asText()).isEqualTo("CAPPED");
        assertThat(capped.path("history").get(0).path("reason").asText()).contains("cap of 1 per DAY");

        // The same job again (same idempotency key) returns the first outcome and counts nothing.
        OutreachOutcome again = schedule(offerRequest(customer, "taxi-courtesy", List.of(), "journey-a:offer"));
        assertThat(again.outreachId()).isEqualTo(first.outreachId());

        // A transactional message is exempt from caps.
        OutreachOutcome notice = schedule(new OutreachRequest(customer, null, null, "taxi-booked", List.of(), true,
                Map.of("pickupAt", "08:00"), null, "journey-a:notice"));
        assertThat(notice.status()).isEqualTo("SCHEDULED");
        awaitStatus(notice.outreachId(), "SENT");
        assertThat(MailServer.to(email)).extracting(MimeMessage::getSubject)
                .contains("Your taxi is booked");
    }

    @Test
    void twoJourneysAtTheSameMomentCannotBothPassACapOfOne() throws Exception {
        settings(Map.of("caps", Map.of("ALL", Map.of("WEEK", 1))));
        UUID customer = customers.create(tenant, http, "race-" + UUID.randomUUID() + "@example.com", null,
                "da-DK", null, Map.of());
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<OutreachOutcome>> outcomes = new java.util.ArrayList<>();
            for (String journey : List.of("journey-x", "journey-y")) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return schedule(offerRequest(customer, "wiper-blades", List.of(), journey + ":offer"));
                }));
            }
            start.countDown();
            List<String> statuses = new java.util.ArrayList<>();
            for (var outcome : outcomes) {
                statuses.add(outcome.get(30, TimeUnit.SECONDS).status());
            }
            assertThat(statuses).containsExactlyInAnyOrder("SCHEDULED", "CAPPED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void quietHoursHoldAMessageUntilMorning() throws Exception {
        ZoneId zone = ZoneId.of("Europe/Copenhagen");
        ZonedDateTime now = ZonedDateTime.now(zone);
        LocalTime start = now.minusHours(1).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        LocalTime end = now.plusHours(2).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        settings(Map.of("caps", Map.of(), "quietHours", Map.of("start", start.toString(), "end", end.toString())));
        UUID customer = customers.create(tenant, http, "late-" + UUID.randomUUID() + "@example.com", null, "da-DK",
                "Europe/Copenhagen", Map.of());
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL);

        OutreachOutcome outcome = schedule(offerRequest(customer, "taxi-courtesy", List.of(), null));
        assertThat(outcome.status()).isEqualTo("HELD");
        assertThat(outcome.willBeSent()).isTrue();
        assertThat(outcome.reason()).startsWith("quiet hours until");
        JsonNode held = detail(outcome.outreachId());
        Instant release = Instant.parse(held.path("outreach").path("releaseAt").asText());
        LocalDate day = end.isBefore(now.toLocalTime()) ? now.toLocalDate().plusDays(1) : now.toLocalDate();
        assertThat(release).isEqualTo(ZonedDateTime.of(day, end, zone).toInstant());
        assertThat(held.path("outreach").path("status").asText()).isEqualTo("HELD");
    }

    @Test
    void withdrawnConsentStopsMarketingButNotATransactionalMessage() throws Exception {
        String email = "withdrawn-" + UUID.randomUUID() + "@example.com";
        UUID customer = customers.create(tenant, http, email, null, "da-DK", null, Map.of());
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL);
        customers.grant(tenant, http, customer, Purpose.SERVICE, Channel.EMAIL);
        customers.withdraw(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL);

        OutreachOutcome marketing = schedule(offerRequest(customer, "wiper-blades", List.of(Channel.EMAIL), null));
        assertThat(marketing.status()).isEqualTo("SUPPRESSED");
        assertThat(marketing.reason()).contains("no MARKETING consent for EMAIL");
        assertThat(detail(marketing.outreachId()).path("outreach").path("status").asText()).isEqualTo("SUPPRESSED");

        OutreachOutcome notice = schedule(new OutreachRequest(customer, null, null, "taxi-booked",
                List.of(Channel.EMAIL), true, Map.of("pickupAt", "1. december kl. 8"), null, null));
        assertThat(notice.status()).isEqualTo("SCHEDULED");
        awaitStatus(notice.outreachId(), "SENT");
        List<MimeMessage> received = MailServer.to(email);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getSubject()).isEqualTo("Din taxa er bestilt");
        assertThat(Mails.plainText(received.get(0))).contains("1. december kl. 8").doesNotContain("Afmeld");
    }

    @Test
    void smsGoesToTheTenantsProviderWithAnIdempotencyKey() throws Exception {
        try (MockWebServer provider = new MockWebServer()) {
            provider.enqueue(new MockResponse().setResponseCode(202).setBody("{\"id\":\"sms-1\"}"));
            provider.start();
            settings(Map.of("caps", Map.of(), "smsUrl", provider.url("/messages").toString(),
                    "providerToken", "provider-secret"));
            UUID customer = customers.create(tenant, http, null, "+4587654321", "da-DK", null, Map.of());
            customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.SMS, Channel.EMAIL);

            OutreachOutcome outcome = schedule(offerRequest(customer, "taxi-courtesy", List.of(), null));
            assertThat(outcome.channel()).isEqualTo(Channel.SMS);
            RecordedRequest request = provider.takeRequest(20, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            assertThat(request.getHeader("Idempotency-Key")).isEqualTo("<" + outcome.outreachId() + "@genkend>");
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer provider-secret");
            JsonNode body = json.readTree(request.getBody().readUtf8());
            assertThat(body.path("to").asText()).isEqualTo("+4587654321");
            assertThat(body.path("text").asText()).contains("Taxa", "/r/", "Afmeld:");
            awaitStatus(outcome.outreachId(), "SENT");
            assertThat(settingsNow().path("providerToken").asText()).isEqualTo("***");
        }
    }

    @Test
    void theInAppInboxAndTheResponseApi() throws Exception {
        UUID customer = customers.create(tenant, http, null, null, "en-GB", null, Map.of());
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.IN_APP);
        OutreachOutcome outcome = schedule(offerRequest(customer, "taxi-courtesy", List.of(), null));
        assertThat(outcome.channel()).isEqualTo(Channel.IN_APP);
        awaitStatus(outcome.outreachId(), "SENT");

        JsonNode inbox = json.readTree(http.getWithKey("/api/v1/outreach/inbox/" + customer,
                tenant.apiKey().secret()).body());
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("title").asText()).isEqualTo("Taxi on the repair day");
        assertThat(inbox.get(0).path("status").asText()).isEqualTo("DELIVERED");

        String path = "/api/v1/outreach/" + outcome.outreachId() + "/responses";
        assertThat(postJson(path, Map.of("response", "maybe")).statusCode()).isEqualTo(400);
        HttpResponse<String> declined = postJson(path, Map.of("response", "DECLINED"));
        assertThat(declined.statusCode()).isEqualTo(200);
        assertThat(json.readTree(declined.body()).path("status").asText()).isEqualTo("DECLINED");
        assertThat(postJson(path, Map.of("response", "DECLINED")).statusCode()).as("repeat").isEqualTo(200);
        HttpResponse<String> conflict = postJson(path, Map.of("response", "ACCEPTED"));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(probe.responsesOf(customer)).extracting(OfferResponded::response).containsExactly("DECLINED");

        TestTenant other = testTenants.create("out-other", null);
        assertThat(http.send(http.request(path).header("Authorization", "Bearer " + other.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"response\":\"ACCEPTED\"}")).build()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anOfferNotAnsweredInItsWindowIsIgnored() throws Exception {
        UUID customer = customers.create(tenant, http, null, null, "en-GB", null, Map.of());
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.IN_APP);
        OutreachOutcome outcome = schedule(offerRequest(customer, "taxi-courtesy", List.of(Channel.IN_APP), null));
        JsonNode sent = awaitStatus(outcome.outreachId(), "SENT");
        assertThat(sent.path("respondBy").asText()).isNotEmpty();
        // Let the response window pass.
        TenantContext.runAs(tenant.tenant(), () -> transactions.executeWithoutResult(s -> dsl.update(OUTREACH)
                .set(OUTREACH.RESPOND_BY, Instant.now().minusSeconds(1))
                .where(OUTREACH.ID.eq(outcome.outreachId())).execute()));
        awaitStatus(outcome.outreachId(), "IGNORED");
        assertThat(probe.responsesOf(customer)).extracting(OfferResponded::response).containsExactly("IGNORED");
    }

    private OutreachRequest offerRequest(UUID customer, String offer, List<Channel> channels, String key) {
        return new OutreachRequest(customer, offer, null, null, channels, false,
                Map.of("appointmentDate", "1. december"), null, key);
    }

    /** Schedules as a journey step does: in a transaction of the tenant. */
    private OutreachOutcome schedule(OutreachRequest request) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s -> outreaches.schedule(request)));
    }

    private JsonNode awaitStatus(UUID outreachId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> detail(outreachId),
                d -> status.equals(d.path("outreach").path("status").asText()));
    }

    private JsonNode detail(UUID outreachId) throws Exception {
        return json.readTree(http.getWithKey("/api/v1/outreach/" + outreachId, tenant.apiKey().secret()).body());
    }

    private void settings(Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(http.request("/api/v1/outreach/settings")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode settingsNow() throws Exception {
        return json.readTree(http.getWithKey("/api/v1/outreach/settings", tenant.apiKey().secret()).body());
    }

    private HttpResponse<String> postJson(String path, Object body) throws Exception {
        return http.send(http.request(path).header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }


}
