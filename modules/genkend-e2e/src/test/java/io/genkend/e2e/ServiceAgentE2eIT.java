package io.genkend.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dealer's windscreen story from the workshop's side: a {@code repair.booked} event for a customer who
 * accepts the courtesy taxi offer gives the service agent a "Book taxi" task; the agent completes it in the
 * browser, and the customer's page shows the booking's event, the accepted outreach and the decision. (That the
 * timeline also lists the completed task waits for the task module to contribute timeline entries.)
 */
@ExtendWith(BrowserExtension.class)
class ServiceAgentE2eIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aServiceAgentCompletesTheBookTaxiTaskOfAnAcceptedTaxiOffer(Browser browser) {
        String userId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        api(browser, "POST", "/api/v1/events", """
                {"type": "identify", "userId": "%s",
                 "traits": {"email": "%s@example.com", "firstName": "Karen", "vehicle": "Skoda Octavia",
                            "consent": {"version": "privacy-2026-03", "source": "workshop",
                                        "marketing": {"email": "granted"}, "service": {"email": "granted"}}}}
                """.formatted(userId, userId), 202);
        // The appointment is in less than a day, so "the day before the appointment" has passed: the offer goes now.
        String appointment = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        api(browser, "POST", "/api/v1/events", """
                {"type": "track", "userId": "%s", "event": "repair.booked",
                 "properties": {"part": "windscreen", "appointmentAt": "%s", "appointmentDate": "today",
                                "vehicle": "Skoda Octavia"}}
                """.formatted(userId, appointment), 202);
        String customerId = api(browser, "GET", "/api/v1/customers/" + userId, null, 200).get("id").asText();

        String outreachId = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode o : api(browser, "GET", "/api/v1/outreach?customerId=" + customerId, null, 200)) {
                if ("taxi-courtesy".equals(o.path("offerCode").asText()) && !o.path("sentAt").isNull()
                        && !o.path("sentAt").isMissingNode()) {
                    return o.get("id").asText();
                }
            }
            return null;
        }, id -> id != null);
        api(browser, "POST", "/api/v1/outreach/" + outreachId + "/responses", "{\"response\": \"ACCEPTED\"}", 200);

        browser.login("service@autohuset.demo").open("/tasks");
        browser.await(d -> {
            if (!d.findElements(By.cssSelector("#tasks tr[data-task-key='bookTaxi']")).isEmpty()) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
        browser.find(By.cssSelector("#tasks tr[data-task-key='bookTaxi'] a")).click();
        assertThat(browser.heading()).isEqualTo("Book taxi");
        assertThat(browser.find(By.id("customer-title")).getText()).isEqualTo("Customer");
        assertThat(browser.find(By.tagName("aside")).getText()).contains(userId, "Skoda Octavia");
        assertThat(browser.find(By.cssSelector("aside table.outreach")).getText()).contains("taxi-courtesy", "ACCEPTED");
        browser.find(By.id("field-taxiCompany")).sendKeys("Dantaxi");
        browser.find(By.id("field-pickUpTime")).sendKeys("08:00");
        browser.find(By.id("complete")).click();
        assertThat(browser.find(By.id("completed")).getText()).isEqualTo("Task \"Book taxi\" completed.");
        assertThat(browser.driver().findElements(By.cssSelector("#tasks tr[data-task-key='bookTaxi']"))).isEmpty();

        browser.open("/customers?q=" + userId);
        assertThat(browser.find(By.id("timeline")).getText()).contains("repair.booked");
        assertThat(browser.find(By.id("decisions")).getText()).contains("taxi-courtesy");
    }

    private JsonNode api(Browser browser, String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(browser.baseUrl() + path))
                .header("Authorization", "Bearer " + GenkendApp.AUTOHUSET_KEY).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
