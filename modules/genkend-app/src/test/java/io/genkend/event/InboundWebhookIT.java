package io.genkend.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.genkend.schema.tables.records.EventRecord;
import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.genkend.schema.Tables.EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /hooks/{tenant}/{source}}: Standard Webhooks verification (signature, 5-minute tolerance, two
 * secrets during rotation), each pack's mapping, and deduplication of redelivered webhooks.
 */
@IntegrationTest
class InboundWebhookIT {

    @Autowired TestTenants testTenants;
    @Autowired DSLContext dsl;
    @Autowired TransactionTemplate transactions;
    @LocalServerPort int port;

    static final String BOOKING = """
            {"type": "booking.created",
             "booking": {"id": "WB-1001", "appointmentStart": "2026-12-03T08:00:00+01:00", "workshop": "Vejle"},
             "customer": {"id": "C-1001", "email": "mette@example.dk", "phone": "+4520304050"},
             "vehicle": {"vin": "TMBJJ7NE8K0123456", "registration": "AB12345", "make": "Skoda",
                         "model": "Octavia", "year": 2019},
             "part": "windscreen", "partNumber": "5E0845011"}""";

    static final String SALARY = """
            {"transactionId": "TX-2026-000123", "accountId": "DK5000400440116243", "customerId": "NB-10001",
             "bookedAt": "2026-11-25T06:00:00+01:00", "amount": "32500.10", "currency": "DKK",
             "direction": "credit", "purposeCode": "SALA", "counterparty": {"name": "Acme A/S"},
             "description": "LØN NOVEMBER"}""";

    @Test
    void theDealersWorkshopBookingBecomesRepairBookedWithPartVehicleAndAppointment() {
        TestTenant dealer = testTenants.create("hook-dealer", "dealer");
        EventApi api = new EventApi(new Http(port), dealer.apiKey().secret());
        String secret = api.newHookSecret("workshop");
        byte[] body = BOOKING.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = api.hook(dealer.tenant().slug(), "workshop", secret, "msg_wb1001", now(), body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        EventRecord stored = event(dealer, id(answer, 0));
        assertThat(stored.getName()).isEqualTo("repair.booked");
        JsonNode properties = EventApi.read(stored.getProperties().data());
        assertThat(properties.get("part").asText()).isEqualTo("windscreen");
        assertThat(properties.at("/vehicle/registration").asText()).isEqualTo("AB12345");
        assertThat(properties.get("appointmentTime").asText()).isEqualTo("2026-12-03T07:00:00Z");
        JsonNode customer = EventApi.read(api.get("/api/v1/customers/C-1001").body());
        assertThat(customer.get("email").asText()).isEqualTo("mette@example.dk");

        // A redelivery (same webhook-id) is a duplicate, not a second booking.
        HttpResponse<String> again = api.hook(dealer.tenant().slug(), "workshop", secret, "msg_wb1001", now(), body);
        JsonNode result = EventApi.read(again.body());
        assertThat(result.get("duplicates").asInt()).isEqualTo(1);
        assertThat(result.at("/results/0/id").asText()).isEqualTo(stored.getId().toString());
    }

    @Test
    void aNulCharacterOrAnOutOfRangeTimeIsA400AndNothingIsStored() {
        TestTenant bank = testTenants.create("hook-edges", "bank");
        EventApi api = new EventApi(new Http(port), bank.apiKey().secret());
        String secret = api.newHookSecret("core-banking");
        HttpResponse<String> nul = api.hook(bank.tenant().slug(), "core-banking", secret,
                SALARY.replace("\"NB-10001\"", "\"NB-1\\u00000001\"").getBytes(StandardCharsets.UTF_8));
        assertThat(nul.statusCode()).as(nul.body()).isEqualTo(400);
        assertThat(EventApi.read(nul.body()).get("errors").findValuesAsText("field")).containsExactly("customerId");
        HttpResponse<String> huge = api.hook(bank.tenant().slug(), "core-banking", secret,
                SALARY.replace("\"counterparty\": {\"name\": \"Acme A/S\"}",
                        "\"counterparty\": {\"name\": \"Acme A/S\", \"rank\": 1e9999}").getBytes(StandardCharsets.UTF_8));
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        assertThat(EventApi.read(huge.body()).get("errors").findValuesAsText("field"))
                .containsExactly("counterparty.rank");

        HttpResponse<String> farOff = api.hook(bank.tenant().slug(), "core-banking", secret,
                SALARY.replace("2026-11-25T06:00:00+01:00", "+999999999-12-31T23:59:59Z")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(farOff.statusCode()).as(farOff.body()).isIn(202, 400);
        if (farOff.statusCode() == 202) {
            assertThat(EventApi.read(farOff.body()).get("accepted").asInt()).as(farOff.body()).isZero();
        }
        Integer stored = TenantContext.callAs(bank.tenant(), () -> transactions.execute(s ->
                dsl.fetchCount(EVENT)));
        assertThat(stored).isZero();
    }

    @Test
    void theBanksSalaryBecomesTransactionPostedAndSalaryDepositedWithExactAmounts() {
        TestTenant bank = testTenants.create("hook-bank", "bank");
        EventApi api = new EventApi(new Http(port), bank.apiKey().secret());
        String secret = api.newHookSecret("core-banking");
        HttpResponse<String> answer = api.hook(bank.tenant().slug(), "core-banking", secret,
                SALARY.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(event(bank, id(answer, 0)).getName()).isEqualTo("transaction.posted");
        EventRecord salary = event(bank, id(answer, 1));
        assertThat(salary.getName()).isEqualTo("salary.deposited");
        JsonNode properties = EventApi.read(salary.getProperties().data());
        assertThat(properties.get("amount").decimalValue()).isEqualByComparingTo("32500.10");
        assertThat(properties.get("employer").asText()).isEqualTo("Acme A/S");
    }

    @Test
    void signaturesAreVerifiedWithToleranceAndTwoSecretsDuringRotation() {
        TestTenant dealer = testTenants.create("hook-sig", "dealer");
        EventApi api = new EventApi(new Http(port), dealer.apiKey().secret());
        String slug = dealer.tenant().slug();
        byte[] body = BOOKING.getBytes(StandardCharsets.UTF_8);
        String first = api.newHookSecret("workshop");
        String second = api.newHookSecret("workshop");
        String third = api.newHookSecret("workshop");

        assertThat(api.hook(slug, "workshop", third, body).statusCode()).isEqualTo(202);
        assertThat(api.hook(slug, "workshop", second, body).statusCode()).as("previous secret").isEqualTo(202);
        HttpResponse<String> retired = api.hook(slug, "workshop", first, body);
        assertThat(retired.statusCode()).as("secret before the previous one").isEqualTo(401);
        assertThat(retired.body()).contains("bad-signature");

        long stale = Instant.now().minusSeconds(6 * 60).getEpochSecond();
        assertThat(api.hook(slug, "workshop", third, "msg_stale", stale, body).statusCode()).isEqualTo(401);
        long future = Instant.now().plusSeconds(6 * 60).getEpochSecond();
        assertThat(api.hook(slug, "workshop", third, "msg_future", future, body).statusCode()).isEqualTo(401);

        // a signature over another body does not verify
        String signature = "v1," + EventApi.sign(third, "msg_x", Long.toString(now()), "{}".getBytes());
        HttpResponse<String> tampered = new Http(port).send(new Http(port).request("/hooks/" + slug + "/workshop")
                .header("Content-Type", "application/json").header("webhook-id", "msg_x")
                .header("webhook-timestamp", Long.toString(now())).header("webhook-signature", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(tampered.statusCode()).isEqualTo(401);

        assertThat(api.hook("no-such-tenant-x", "workshop", third, body).statusCode()).isEqualTo(404);
        assertThat(api.hook(slug, "shopify", third, body).statusCode()).isEqualTo(404);
        // a valid signature cannot make up for a payload the mapping refuses
        HttpResponse<String> unmappable = api.hook(slug, "workshop", third,
                "{\"type\":\"booking.created\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(unmappable.statusCode()).isEqualTo(400);
        assertThat(unmappable.body()).contains("\"field\":\"customer.id\"");
    }

    @Test
    void anotherPacksSourceIsNotFound() {
        TestTenant grocer = testTenants.create("hook-grocer", "grocer");
        EventApi api = new EventApi(new Http(port), grocer.apiKey().secret());
        String secret = api.newHookSecret("workshop");
        assertThat(api.hook(grocer.tenant().slug(), "workshop", secret, BOOKING.getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(404);
        assertThat(EventApi.read(api.get("/api/v1/inbound-webhooks").body()).findValuesAsText("source"))
                .isEqualTo(List.of("workshop"));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static UUID id(HttpResponse<String> answer, int index) {
        return UUID.fromString(EventApi.read(answer.body()).get("results").get(index).get("id").asText());
    }

    private EventRecord event(TestTenant tenant, UUID id) {
        return TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                dsl.selectFrom(EVENT).where(EVENT.ID.eq(id)).fetchOne()));
    }
}
