package io.genkend.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.customer.Purpose;
import io.genkend.outreach.support.Mails;
import io.genkend.outreach.support.MailServer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The windscreen story of SPEC.md end to end over HTTP, on a fresh dealer tenant whose pack journeys and offers
 * come from {@code TenantCreated}: the workshop's {@code repair.booked} and {@code repair.completed} arrive at
 * {@code POST /api/v1/events}; the taxi offer is decided before the appointment and e-mailed (GreenMail), accepted
 * through its signed link; "Book taxi" appears in the service group's inbox and is completed; the wiper offer is
 * decided after the repair, accepted through the response API; the fulfilment webhook reaches the workshop system
 * (MockWebServer), whose callback brings "Fit wipers at pick-up". No car-glass offer is ever made.
 */
@IntegrationTest
class WindscreenOverHttpIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired TestTenants testTenants;
    @Autowired TestCustomers testCustomers;
    @Autowired CustomerProfiles profiles;
    @Autowired ObjectMapper json;
    @Autowired MailProperties mailProperties;
    @LocalServerPort int port;

    Http http;
    TestTenant dealer;
    MockWebServer workshop;
    MockWebServer crm;
    final List<JsonNode> crmReceived = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void dealerTenant() throws Exception {
        MailServer.start(mailProperties.getPort());
        http = new Http(port);
        dealer = testTenants.create("dealer", "dealer");
        // TenantCreated: the decision module loads the dealer's offers.json, the journey module deploys its journeys.
        await().atMost(PATIENCE).until(() -> get("/api/v1/offers").size() == 4);
        await().atMost(PATIENCE).until(() -> journeyKeys().containsAll(List.of("dealerWindscreen",
                "dealerServiceInterval")));
        assertThat(put("/api/v1/decisions/settings", Map.of("holdoutPercent", 0)).statusCode()).isEqualTo(200);
        workshop = new MockWebServer();
        workshop.start();
        for (int i = 0; i < 5; i++) {
            workshop.enqueue(new MockResponse().setResponseCode(204));
        }
        HttpResponse<String> subscribed = post("/api/v1/webhooks/subscriptions",
                Map.of("url", workshop.url("/genkend").toString(), "eventTypes", List.of("fulfilment.requested")));
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        crm = new MockWebServer();
        crm.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    crmReceived.add(json.readTree(request.getBody().readUtf8()));
                } catch (java.io.IOException e) {
                    return new MockResponse().setResponseCode(400);
                }
                return new MockResponse().setResponseCode(204);
            }
        });
        crm.start();
        HttpResponse<String> crmSubscribed = post("/api/v1/webhooks/subscriptions",
                Map.of("url", crm.url("/crm").toString(), "eventTypes", List.of("task.created", "task.completed",
                        "journey.step-reached", "offer.responded", "outreach.status-changed", "customer.erased")));
        assertThat(crmSubscribed.statusCode()).as(crmSubscribed.body()).isEqualTo(201);
    }

    @AfterEach
    void stopServers() throws Exception {
        workshop.shutdown();
        crm.shutdown();
    }

    @Test
    void repairBookedThenCompletedTakesTheCustomerThroughTaxiAndWipersWithoutACarGlassEcho() throws Exception {
        String userId = "C-" + UUID.randomUUID();
        String email = "mette-" + UUID.randomUUID() + "@example.com";
        UUID customer = identify(userId, email);
        testCustomers.grant(dealer, http, customer, Purpose.MARKETING, Channel.EMAIL);

        // The workshop books a windscreen repair; the appointment is less than a day away, so "the day before the
        // appointment" has come already and the taxi offer is decided at once.
        Instant appointment = Instant.now().plus(20, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        track(userId, "repair.booked", Map.of("part", "windscreen", "appointmentAt", appointment.toString(),
                "vehicle", "VW Golf 2019", "appointmentDate", "i morgen"));

        JsonNode taxi = awaitOutreach(customer, "taxi-courtesy", "SENT");
        assertThat(taxi.path("channel").asText()).as("no SMS consent, so e-mail").isEqualTo("EMAIL");
        JsonNode taxiDecision = decisionsOf(customer).stream()
                .filter(d -> "taxi-courtesy".equals(d.path("decision").path("offerCode").asText())).findFirst()
                .orElseThrow();
        assertThat(Instant.parse(taxiDecision.path("decidedAt").asText())).isBefore(appointment);
        assertThat(taxiDecision.path("context").asText()).isEqualTo("repair.day");

        List<MimeMessage> mails = MailServer.to(email);
        assertThat(mails).hasSize(1);
        String text = Mails.plainText(mails.get(0));
        assertThat(text).contains("taxa");
        String accept = Mails.linkAfter(text, "Ja tak:");
        assertThat(http.get(accept, "text/html").statusCode()).isEqualTo(200);
        HttpResponse<String> confirmed = http.postForm(accept, "_csrf=" + Http.enc(http.csrfToken(accept)));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        awaitOutreach(customer, "taxi-courtesy", "ACCEPTED");

        // "Book taxi" for the service group.
        JsonNode bookTaxi = awaitTask(customer, "bookTaxi");
        assertThat(bookTaxi.path("candidateGroups").get(0).asText()).isEqualTo("service");
        assertThat(Instant.parse(bookTaxi.path("dueAt").asText())).isEqualTo(appointment);
        assertThat(post("/api/v1/tasks/" + bookTaxi.path("id").asText() + "/complete",
                Map.of("variables", Map.of("taxiCompany", "Taxa 4x35", "pickUpTime", "07:30"))).statusCode())
                .isEqualTo(204);
        await().atMost(PATIENCE).until(() -> tasksOf(customer).isEmpty());

        // The repair is done: the wiper offer.
        track(userId, "repair.completed", Map.of("part", "windscreen"));
        JsonNode wipers = awaitOutreach(customer, "wiper-blades", "SENT");
        HttpResponse<String> accepted = post("/api/v1/outreach/" + wipers.path("id").asText() + "/responses",
                Map.of("response", "ACCEPTED"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

        // The workshop system is asked to reserve the part and answers on the callback URL.
        RecordedRequest request = workshop.takeRequest(60, TimeUnit.SECONDS);
        assertThat(request).as("fulfilment webhook").isNotNull();
        assertThat(request.getHeader("webhook-signature")).startsWith("v1,");
        JsonNode fulfilment = json.readTree(request.getBody().readUtf8());
        assertThat(fulfilment.path("type").asText()).isEqualTo("fulfilment.requested");
        assertThat(fulfilment.path("data").path("kind").asText()).isEqualTo("reserve-part");
        assertThat(fulfilment.path("data").path("wiperOffer").asText()).isEqualTo("wiper-blades");
        String token = fulfilment.path("data").path("callbackToken").asText();
        assertThat(fulfilment.path("data").path("callbackUrl").asText()).endsWith("/api/v1/journeys/callbacks/" + token);
        assertThat(post("/api/v1/journeys/callbacks/" + token, Map.of("status", "reserved")).statusCode())
                .isEqualTo(202);

        JsonNode fitWipers = awaitTask(customer, "fitWipers");
        assertThat(post("/api/v1/tasks/" + fitWipers.path("id").asText() + "/complete",
                Map.of("variables", Map.of("wipersFitted", true))).statusCode()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> {
            JsonNode instances = get("/api/v1/journeys/instances?customerId=" + customer);
            for (JsonNode instance : instances) {
                if (instance.toString().contains("dealerWindscreen") && instance.path("endedAt").isTextual()) {
                    return true;
                }
            }
            return false;
        });

        // Never a car-glass offer: in every decision for this customer, car-glass candidates are dropped.
        HttpResponse<String> anyOffer = post("/api/v1/decisions", Map.of("customerId", customer.toString(),
                "context", "newsletter"));
        assertThat(anyOffer.statusCode()).isEqualTo(201);
        List<JsonNode> decisions = decisionsOf(customer);
        assertThat(decisions).hasSizeGreaterThanOrEqualTo(3);
        boolean carGlassConsidered = false;
        for (JsonNode decided : decisions) {
            assertThat(decided.path("decision").path("offerCode").asText()).isNotEqualTo("windscreen-replacement");
            for (JsonNode candidate : decided.path("decision").path("candidates")) {
                if (candidate.path("offerCode").asText().equals("windscreen-replacement")) {
                    carGlassConsidered = true;
                    assertThat(candidate.path("droppedBy").asText()).isIn("suppression", "applicability");
                }
            }
        }
        assertThat(carGlassConsidered).as("the open decision considered the car-glass offer").isTrue();
        JsonNode outreach = get("/api/v1/outreach?customerId=" + customer);
        List<String> offered = new ArrayList<>();
        outreach.forEach(o -> offered.add(o.path("offerCode").asText()));
        assertThat(offered).containsExactlyInAnyOrder("taxi-courtesy", "wiper-blades");
        assertThat(MailServer.to(email)).hasSize(2);

        timelineAndExportShowEveryModule(customer);
        webhooksToldTheCrmWhatHappened(customer);
    }

    /**
     * The CRM's subscription received, signed and with the customer's id, what the modules did: steps reached,
     * tasks created and completed, outreach sent, offers answered, and at last the customer's erasure.
     */
    private void webhooksToldTheCrmWhatHappened(UUID customer) throws Exception {
        await().atMost(PATIENCE).until(() -> typesFor(customer).containsAll(List.of("journey.step-reached",
                "task.created", "task.completed", "outreach.status-changed", "offer.responded")));
        assertThat(crmReceived).filteredOn(b -> b.path("type").asText().equals("offer.responded"))
                .extracting(b -> b.path("data").path("offer").asText() + "=" + b.path("data").path("response")
                        .asText())
                .containsExactlyInAnyOrder("taxi-courtesy=ACCEPTED", "wiper-blades=ACCEPTED");
        assertThat(crmReceived).filteredOn(b -> b.path("type").asText().equals("task.completed"))
                .extracting(b -> b.path("data").path("taskKey").asText())
                .containsExactlyInAnyOrder("bookTaxi", "fitWipers");
        assertThat(crmReceived).filteredOn(b -> b.path("type").asText().equals("journey.step-reached"))
                .extracting(b -> b.path("data").path("step").asText()).contains("bookTaxi", "wipersFitted");

        HttpResponse<String> erased = send("DELETE", "/api/v1/customers/" + customer, Map.of());
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        await().atMost(PATIENCE).until(() -> typesFor(customer).contains("customer.erased"));
    }

    private List<String> typesFor(UUID customer) {
        return crmReceived.stream().filter(b -> b.path("data").path("customerId").asText()
                .equals(customer.toString())).map(b -> b.path("type").asText()).distinct().toList();
    }

    /** The customer's timeline merges every module's entries; the export has every module's section. */
    private void timelineAndExportShowEveryModule(UUID customer) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = get("/api/v1/customers/" + customer + "/timeline?size=15"
                    + (next == null ? "" : "&before=" + next));
            page.path("entries").forEach(entries::add);
            next = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (next != null);
        List<String> kinds = entries.stream().map(e -> e.path("kind").asText()).distinct().toList();
        assertThat(kinds).contains("event", "consent", "decision", "outreach", "journey-step", "task");
        assertThat(entries).extracting(e -> e.path("kind").asText() + ":" + e.path("id").asText())
                .as("pages neither skip nor repeat").doesNotHaveDuplicates();
        for (int i = 1; i < entries.size(); i++) {
            assertThat(Instant.parse(entries.get(i).path("at").asText()))
                    .isBeforeOrEqualTo(Instant.parse(entries.get(i - 1).path("at").asText()));
        }
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("decision");
            assertThat(e.path("details").path("offerCode").asText()).isEqualTo("taxi-courtesy");
            assertThat(e.path("details").path("candidates").size()).isPositive();
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("decision");
            assertThat(e.path("details").path("candidates").toString()).contains("windscreen-replacement");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("outreach");
            assertThat(e.path("details").path("status").asText()).isEqualTo("ACCEPTED");
        });
        assertThat(entries).filteredOn(e -> e.path("kind").asText().equals("journey-step"))
                .extracting(e -> e.path("details").path("activityId").asText())
                .contains("suppressCarGlass", "decideTaxiOffer", "bookTaxi", "fitWipers", "wipersFitted");
        assertThat(entries).filteredOn(e -> e.path("kind").asText().equals("task"))
                .extracting(e -> e.path("title").asText())
                .contains("Book taxi created", "Book taxi completed", "Fit wipers at pick-up completed");

        JsonNode export = get("/api/v1/customers/" + customer + "/export");
        assertThat(export.path("decisions").path("decisions").size()).isGreaterThanOrEqualTo(3);
        assertThat(export.path("decisions").path("suppressions").toString()).contains("car-glass");
        assertThat(export.path("outreach").path("messages").size()).isEqualTo(2);
        assertThat(export.path("journeys").get(0).path("steps").size()).isGreaterThan(5);
        assertThat(export.path("tasks").size()).isEqualTo(2);
    }

    private UUID identify(String userId, String email) throws Exception {
        HttpResponse<String> answer = post("/api/v1/events", Map.of("type", "identify", "userId", userId,
                "messageId", UUID.randomUUID().toString(),
                "traits", Map.of("email", email, "firstName", "Mette"),
                "context", Map.of("locale", "da-DK", "timezone", "Europe/Copenhagen")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return await().atMost(PATIENCE).until(() -> TenantContext.callAs(dealer.tenant(),
                () -> profiles.findByUserId(userId).map(CustomerProfile::id).orElse(null)), id -> id != null);
    }

    private void track(String userId, String event, Map<String, Object> properties) throws Exception {
        HttpResponse<String> answer = post("/api/v1/events", Map.of("type", "track", "userId", userId,
                "event", event, "messageId", UUID.randomUUID().toString(), "properties", properties));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    private JsonNode awaitOutreach(UUID customer, String offer, String status) {
        return await().atMost(PATIENCE).until(() -> {
            for (JsonNode o : get("/api/v1/outreach?customerId=" + customer)) {
                if (o.path("offerCode").asText().equals(offer)) {
                    return o;
                }
            }
            return null;
        }, o -> o != null && o.path("status").asText().equals(status));
    }

    private JsonNode awaitTask(UUID customer, String taskKey) {
        return await().atMost(PATIENCE).until(() -> tasksOf(customer).stream()
                .filter(t -> t.path("taskKey").asText().equals(taskKey)).findFirst().orElse(null), t -> t != null);
    }

    private List<JsonNode> tasksOf(UUID customer) throws Exception {
        List<JsonNode> tasks = new ArrayList<>();
        get("/api/v1/tasks?candidateGroup=service").forEach(t -> {
            if (t.path("customerId").asText().equals(customer.toString())) {
                tasks.add(t);
            }
        });
        return tasks;
    }

    private List<JsonNode> decisionsOf(UUID customer) throws Exception {
        List<JsonNode> decisions = new ArrayList<>();
        get("/api/v1/decisions?customerId=" + customer).forEach(decisions::add);
        return decisions;
    }

    private List<String> journeyKeys() throws Exception {
        List<String> keys = new ArrayList<>();
        get("/api/v1/journeys").forEach(j -> keys.add(j.path("key").asText()));
        return keys;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = http.getWithKey(path, dealer.apiKey().secret());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return send("POST", path, body);
    }

    private HttpResponse<String> put(String path, Object body) throws Exception {
        return send("PUT", path, body);
    }

    private HttpResponse<String> send(String method, String path, Object body) throws Exception {
        return http.send(http.request(path).header("Authorization", "Bearer " + dealer.apiKey().secret())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }


}
