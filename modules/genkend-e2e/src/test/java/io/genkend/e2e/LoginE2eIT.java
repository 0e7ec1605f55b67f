package io.genkend.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging in and out, roles, CSRF, language and narrow screens, in a real browser. */
@ExtendWith(BrowserExtension.class)
class LoginE2eIT {

    @Test
    void aMarketerLogsInSeesTheStartPageAndLogsOut(Browser browser) {
        browser.login("marketer@autohuset.demo");
        assertThat(browser.heading()).isEqualTo("Welcome");
        assertThat(browser.find(By.id("tenant")).getText()).isEqualTo("autohuset");
        assertThat(browser.find(By.id("main-nav")).getText()).contains("Dashboard", "Journeys", "Customers")
                .doesNotContain("Tenants", "Tasks");
        browser.logout();
        assertThat(browser.find(By.cssSelector("[role=status]")).getText()).isEqualTo("You have logged out.");
        browser.open("/");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aMarketerGets403OnAnOperatorPage(Browser browser) {
        browser.login("marketer@autohuset.demo").open("/operator/tenants");
        assertThat(browser.heading()).isEqualTo("Error 403");
        assertThat(browser.find(By.id("error-message")).getText()).isEqualTo("Your role does not allow this.");
    }

    @Test
    void aFormWithoutCsrfTokenIsRefused(Browser browser) {
        browser.login("admin@autohuset.demo").open("/admin/api-keys");
        browser.find(By.id("name")).sendKeys("no-token");
        browser.script("document.querySelector('#key-form input[name=_csrf]').remove()");
        browser.find(By.cssSelector("#key-form button[type=submit]")).click();
        // the click only starts the navigation: wait for the answer page instead of reading the old one
        // (same URL before and after, so wait for the answer's heading; the assertion below still decides)
        try {
            browser.await(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(By.tagName("h1"), "Error 403"));
        } catch (org.openqa.selenium.TimeoutException stillTheOldPage) {
            // fall through to the assertion, which reports what the page shows
        }
        assertThat(browser.heading()).isEqualTo("Error 403");
        browser.open("/admin/api-keys");
        assertThat(browser.find(By.id("keys")).getText()).doesNotContain("no-token");
    }

    @Test
    void theLanguageSwitchesToDanishAndStays(Browser browser) {
        browser.open("/login?lang=da");
        assertThat(browser.heading()).isEqualTo("Log ind");
        browser.login("service@autohuset.demo");
        assertThat(browser.heading()).isEqualTo("Velkommen");
        assertThat(browser.find(By.tagName("html")).getDomAttribute("lang")).isEqualTo("da");
        browser.find(By.cssSelector("nav.lang a[hreflang=en]")).click();
        assertThat(browser.heading()).isEqualTo("Welcome");
    }

    @Test
    void pagesFitA390PixelScreen(Browser browser) {
        browser.width(390).login("admin@autohuset.demo");
        for (String path : new String[] {"/", "/admin/users", "/admin/api-keys", "/admin/contact-policy", "/offers",
                "/offers/taxi-courtesy", "/admin/webhooks", "/dashboard", "/customers"}) {
            browser.open(path);
            Number overflow = (Number) browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as("horizontal overflow on %s", path).isLessThanOrEqualTo(0);
            assertThat(browser.find(By.id("logout")).isDisplayed()).isTrue();
        }
        // the dashboard's charts are drawn within the screen
        browser.open("/dashboard");
        for (String chart : new String[] {"chart-events", "chart-journeys", "chart-outreach"}) {
            browser.await(d -> "true".equals(browser.find(By.id(chart)).getDomAttribute("data-ready")));
            assertThat(browser.find(By.id(chart)).getRect().getWidth()).as(chart).isBetween(1, 390);
            assertThat(browser.find(By.id(chart)).getDomAttribute("aria-label")).as(chart).isNotBlank();
        }
        // the figures refresh in place (every 60 s; here asked for at once): charts drawn again, same page, focus kept
        browser.script("window.samePage = true; document.getElementById('chart-events').dataset.old = 'true';"
                + " document.getElementById('logout').focus();"
                + " htmx.trigger(document.getElementById('dashboard-live'), 'refresh-dashboard');");
        browser.await(d -> browser.find(By.id("chart-events")).getDomAttribute("data-old") == null
                && "true".equals(browser.find(By.id("chart-events")).getDomAttribute("data-ready")));
        assertThat(browser.script("return window.samePage === true && document.activeElement.id"))
                .isEqualTo("logout");
    }
}
