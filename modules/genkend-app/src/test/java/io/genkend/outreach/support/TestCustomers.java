package io.genkend.outreach.support;

import io.genkend.customer.Channel;
import io.genkend.customer.Consents;
import io.genkend.customer.CustomerProfile;
import io.genkend.customer.CustomerProfiles;
import io.genkend.customer.Purpose;
import io.genkend.support.Http;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.tenancy.TenantContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * Test data builder for customers with consents, for the decision and outreach tests: goes through the product's
 * API (a Segment {@code identify} to {@code POST /api/v1/events}, then {@code PUT /api/v1/customers/{id}/consents}).
 */
@Component
public class TestCustomers {

    @Autowired CustomerProfiles profiles;
    @Autowired Consents consents;

    /**
     * Creates a customer of the tenant.
     *
     * @return the profile id
     */
    public UUID create(TestTenant tenant, Http http, String email, String phone, String locale, String timeZone,
                       Map<String, Object> traits) {
        return createViaApi(tenant, http, email, phone, locale, timeZone, traits);
    }

    /** Grants consent for a purpose on channels. */
    public void grant(TestTenant tenant, Http http, UUID customerId, Purpose purpose, Channel... channels) {
        for (Channel channel : channels) {
            setConsentViaApi(tenant, http, customerId, purpose, channel, true);
        }
    }

    /** Withdraws consent for a purpose on channels. */
    public void withdraw(TestTenant tenant, Http http, UUID customerId, Purpose purpose, Channel... channels) {
        for (Channel channel : channels) {
            setConsentViaApi(tenant, http, customerId, purpose, channel, false);
        }
    }

    private UUID createViaApi(TestTenant tenant, Http http, String email, String phone, String locale,
                              String timeZone, Map<String, Object> traits) {
        String userId = "user-" + UUID.randomUUID();
        StringBuilder allTraits = new StringBuilder("{\"email\":" + json(email) + ",\"phone\":" + json(phone));
        traits.forEach((k, v) -> allTraits.append(",").append(json(k)).append(":").append(json(v)));
        allTraits.append("}");
        String body = "{\"type\":\"identify\",\"userId\":" + json(userId) + ",\"messageId\":" + json(UUID.randomUUID()
                .toString()) + ",\"traits\":" + allTraits + ",\"context\":{\"locale\":" + json(locale)
                + ",\"timezone\":" + json(timeZone) + "}}";
        var response = http.send(http.request("/api/v1/events").header("Authorization", "Bearer "
                + tenant.apiKey().secret()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("identify answered " + response.statusCode() + ": " + response.body());
        }
        return await().atMost(Duration.ofSeconds(20)).until(() -> TenantContext.callAs(tenant.tenant(),
                () -> profiles.findByUserId(userId).map(CustomerProfile::id).orElse(null)), id -> id != null);
    }

    private void setConsentViaApi(TestTenant tenant, Http http, UUID customerId, Purpose purpose, Channel channel,
                                  boolean granted) {
        String body = "{\"consents\":[{\"purpose\":\"" + purpose.name().toLowerCase() + "\",\"channel\":\""
                + channel.name().toLowerCase().replace('_', '-') + "\",\"status\":\""
                + (granted ? "granted" : "withdrawn") + "\",\"source\":\"test\",\"wordingVersion\":\"test-1\"}]}";
        var response = http.send(http.request("/api/v1/customers/" + customerId + "/consents")
                .header("Authorization", "Bearer " + tenant.apiKey().secret())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("consents answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
