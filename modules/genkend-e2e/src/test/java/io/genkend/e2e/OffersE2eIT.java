package io.genkend.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A marketer of the dealer edits an offer on the offers page, sees it listed with the new name and value, and
 * previews its message for a customer: rendered with the customer's name and the new value, sent to nobody.
 */
@ExtendWith(BrowserExtension.class)
class OffersE2eIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMarketerEditsAnOfferAndPreviewsItsMessage(Browser browser) throws Exception {
        String userId = "e2e-offers-" + UUID.randomUUID().toString().substring(0, 8);
        identify(browser, """
                {"type": "identify", "userId": "%s",
                 "traits": {"email": "%s@example.com", "firstName": "Mette"}, "context": {"locale": "en-GB"}}
                """.formatted(userId, userId));
        // the event is taken asynchronously: wait until the customer exists
        await().atMost(Duration.ofSeconds(30)).until(() -> status(browser, "/api/v1/customers/" + userId) == 200);

        browser.login("marketer@autohuset.demo").open("/");
        browser.find(By.cssSelector("#main-nav a[href='/offers']")).click();
        assertThat(browser.heading()).isEqualTo("Offers");
        browser.find(By.cssSelector("#offer-wiper-blades a")).click();
        assertThat(browser.heading()).startsWith("Offer: ");

        replace(browser.find(By.id("name")), "Wiper blades, fitted");
        replace(browser.find(By.id("value")), "299");
        browser.find(By.id("save-offer")).click();
        browser.await(d -> d.getCurrentUrl().endsWith("/offers"));
        assertThat(browser.find(By.cssSelector("[role=status]")).getText()).isEqualTo("Offer wiper-blades saved.");
        String row = browser.find(By.id("offer-wiper-blades")).getText();
        assertThat(row).contains("Wiper blades, fitted", "299");

        browser.find(By.cssSelector("#offer-wiper-blades a")).click();
        browser.find(By.id("preview-customer")).sendKeys(userId);
        new Select(browser.find(By.id("preview-channel"))).selectByValue("EMAIL");
        new Select(browser.find(By.id("preview-language"))).selectByValue("en");
        browser.find(By.id("preview-button")).click();
        browser.await(d -> !d.findElements(By.id("preview-text")).isEmpty());
        String text = browser.find(By.id("preview-text")).getText();
        assertThat(text).contains("Hello Mette", "DKK 299", "Unsubscribe from this channel");
        assertThat(browser.find(By.id("preview-subject")).getText())
                .isEqualTo("New wiper blades for your new windscreen");
        // htmx swapped the preview in place: still the offer's page
        assertThat(browser.driver().getCurrentUrl()).endsWith("/offers/wiper-blades");
    }

    private static void replace(WebElement input, String value) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value);
    }

    private int status(Browser browser, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(browser.baseUrl() + path))
                .header("Authorization", "Bearer " + GenkendApp.AUTOHUSET_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void identify(Browser browser, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(browser.baseUrl()
                        + "/api/v1/events")).header("Authorization", "Bearer " + GenkendApp.AUTOHUSET_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
}
