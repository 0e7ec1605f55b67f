package io.genkend.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant admin finds a customer by e-mail and erases them from the customer page: the page asks for the
 * customer's id first, refuses a wrong one, and afterwards says the customer is erased and finds nobody.
 */
@ExtendWith(BrowserExtension.class)
class CustomerErasureE2eIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void erasingACustomerAsksForConfirmationAndThenShowsErased(Browser browser) throws Exception {
        String userId = "e2e-erase-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> identify = http.send(HttpRequest.newBuilder(URI.create(browser.baseUrl() + "/api/v1/events"))
                .header("Authorization", "Bearer " + GenkendApp.AUTOHUSET_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"type": "identify", "userId": "%s", "traits": {"email": "%s@example.com", "name": "Erik Sletmig"}}
                        """.formatted(userId, userId))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(identify.statusCode()).as(identify.body()).isEqualTo(202);

        browser.login("admin@autohuset.demo").open("/customers");
        browser.find(By.id("q")).sendKeys(userId.toUpperCase() + "@EXAMPLE.COM");
        browser.find(By.cssSelector("#customer-search button[type=submit]")).click();
        browser.await(d -> !d.findElements(By.id("profile")).isEmpty());
        assertThat(browser.find(By.id("profile")).getText()).contains(userId + "@example.com");

        browser.find(By.id("erase")).click();
        browser.await(d -> !d.findElements(By.id("erase-form")).isEmpty());
        assertThat(browser.heading()).isEqualTo("Erase customer " + userId);

        // a wrong id is refused, with the error on the field, and nothing is erased
        browser.find(By.id("confirm")).sendKeys("someone-else");
        browser.find(By.cssSelector("#erase-form button[type=submit]")).click();
        browser.await(d -> !d.findElements(By.id("confirm-error")).isEmpty());
        assertThat(browser.find(By.id("confirm")).getDomAttribute("aria-describedby")).isEqualTo("confirm-error");

        browser.find(By.id("confirm")).sendKeys(userId);
        browser.find(By.cssSelector("#erase-form button[type=submit]")).click();
        browser.await(d -> !d.findElements(By.id("erased-notice")).isEmpty());
        assertThat(browser.find(By.id("erased-notice")).getText()).isEqualTo("Customer " + userId + " has been erased.");

        browser.find(By.id("q")).sendKeys(userId);
        browser.find(By.cssSelector("#customer-search button[type=submit]")).click();
        browser.await(d -> !d.findElements(By.cssSelector("p.error[role=alert]")).isEmpty());
        assertThat(browser.find(By.cssSelector("p.error[role=alert]")).getText()).contains("Nobody found");
    }
}
