package io.genkend.outreach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.genkend.customer.Channel;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An unsubscribe or objection through a message's signed link withdraws the matching marketing consent in the
 * customer module's ledger (source "objection link"): the channel's for an unsubscribe, every channel's for an
 * objection to all direct marketing (GDPR Art. 21).
 */
@IntegrationTest
class ObjectionConsentIT {


    @Autowired TestTenants testTenants;
    @Autowired TestCustomers customers;
    @Autowired Outreaches outreaches;
    @Autowired TransactionTemplate transactions;
    @Autowired ObjectMapper json;
    @Autowired MailProperties mailProperties;
    @LocalServerPort int port;

    @Test
    void unsubscribeWithdrawsTheChannelAndObjectionEveryMarketingConsent() throws Exception {
        MailServer.start(mailProperties.getPort());
        Http http = new Http(port);
        TestTenant tenant = testTenants.create("objection", "dealer");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json.readTree(http.getWithKey("/api/v1/offers", tenant.apiKey().secret()).body()).size() == 4);
        String email = "objector-" + UUID.randomUUID() + "@example.com";
        UUID customer = customers.create(tenant, http, email, "+4511223344", "da-DK", "Europe/Copenhagen",
                Map.of("firstName", "Ole"));
        customers.grant(tenant, http, customer, Purpose.MARKETING, Channel.EMAIL, Channel.SMS, Channel.IN_APP);
        customers.grant(tenant, http, customer, Purpose.SERVICE, Channel.EMAIL);

        OutreachOutcome outcome = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s ->
                outreaches.schedule(new OutreachRequest(customer, "taxi-courtesy", null, null,
                        List.of(Channel.EMAIL), false, Map.of(), null, null))));
        assertThat(outcome.channel()).isEqualTo(Channel.EMAIL);
        String text = await().atMost(Duration.ofSeconds(30)).until(() -> MailServer.to(email).isEmpty() ? null
                : Mails.plainText(MailServer.to(email).get(0)), t -> t != null);

        String unsubscribe = Mails.linkAfter(text, "Afmeld beskeder på denne kanal:");
        assertThat(http.postForm(unsubscribe, "_csrf=" + Http.enc(http.csrfToken(unsubscribe))).statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "withdrawn".equals(consent(http, tenant, customer,
                "marketing", "email").path("status").asText()));
        assertThat(consent(http, tenant, customer, "marketing", "email").path("source").asText())
                .isEqualTo("objection link");
        assertThat(consent(http, tenant, customer, "marketing", "sms").path("status").asText()).isEqualTo("granted");

        String object = Mails.linkAfter(text, "Gør indsigelse mod al direkte markedsføring:");
        assertThat(http.postForm(object, "_csrf=" + Http.enc(http.csrfToken(object))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "withdrawn".equals(consent(http, tenant, customer,
                "marketing", "sms").path("status").asText()));
        assertThat(consent(http, tenant, customer, "marketing", "in-app").path("status").asText())
                .isEqualTo("withdrawn");
        assertThat(consent(http, tenant, customer, "marketing", "sms").path("source").asText())
                .isEqualTo("objection link");
        assertThat(consent(http, tenant, customer, "service", "email").path("status").asText())
                .as("an objection to marketing leaves service messages alone").isEqualTo("granted");
    }

    private JsonNode consent(Http http, TestTenant tenant, UUID customer, String purpose, String channel)
            throws Exception {
        JsonNode profile = json.readTree(http.getWithKey("/api/v1/customers/" + customer,
                tenant.apiKey().secret()).body());
        for (JsonNode consent : profile.path("consents")) {
            if (consent.path("purpose").asText().equals(purpose) && consent.path("channel").asText().equals(channel)) {
                return consent;
            }
        }
        return json.createObjectNode();
    }


}
