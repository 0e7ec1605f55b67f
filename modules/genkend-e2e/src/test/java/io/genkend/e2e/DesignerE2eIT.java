package io.genkend.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A marketer works on the dealer's windscreen journey in the designer: opens it, changes a step's field through
 * the element template's form in the properties panel, validates, deploys a new version and sees it listed.
 */
@ExtendWith(BrowserExtension.class)
class DesignerE2eIT {

    @Test
    void aMarketerChangesAStepAndDeploysANewVersion(Browser browser) {
        browser.login("marketer@autohuset.demo").open("/journeys");
        browser.find(By.cssSelector("#journey-dealerWindscreen a")).click();
        awaitDesigner(browser);
        int before = versions(browser).size();
        assertThat(before).isGreaterThanOrEqualTo(1);

        // Click the task above its middle, where the sequence flow through it does not catch the click.
        WebElement task = browser.find(By.cssSelector("g.djs-element[data-element-id='sendTaxiOffer'] > .djs-hit"));
        new Actions(browser.driver()).moveToElement(task, 0, -task.getSize().getHeight() / 4).click().perform();
        WebElement template = field(browser, "Template");
        assertThat(template.getDomProperty("value")).isEqualTo("taxi-offer");
        template.sendKeys(Keys.chord(Keys.CONTROL, "a"), "taxi-offer-v2", Keys.TAB);

        browser.find(By.id("validate")).click();
        browser.await(d -> browser.find(By.id("designer-status")).getText().equals("The model is valid."));

        browser.find(By.id("deploy")).click();
        browser.await(d -> browser.find(By.id("designer-status")).getText().startsWith("Deployed as version"));
        browser.await(d -> versions(browser).size() == before + 1);
        assertThat(browser.find(By.id("designer-status")).getText())
                .isEqualTo("Deployed as version " + (before + 1) + ".");

        browser.open("/journeys/dealerWindscreen/bpmn");
        assertThat(browser.driver().getPageSource()).contains("taxi-offer-v2");
        browser.open("/journeys");
        assertThat(browser.find(By.cssSelector("#journey-dealerWindscreen")).getText())
                .contains(String.valueOf(before + 1));
    }

    @Test
    void aTestRunFollowsThePathWithoutSendingAnything(Browser browser) {
        browser.login("marketer@autohuset.demo").open("/journeys/dealerWindscreen");
        awaitDesigner(browser);
        browser.find(By.id("test-run-button")).click();
        browser.await(d -> browser.find(By.id("designer-status")).getText().startsWith("Test run passed"));
        browser.await(d -> !d.findElements(By.cssSelector("#trail li[data-activity-id='suppressCarGlass']")).isEmpty());
        assertThat(browser.find(By.cssSelector("#trail li")).getDomAttribute("data-activity-id"))
                .isEqualTo("repairBooked");
    }

    @Test
    void suspendAndActivateSwapInPlace(Browser browser) {
        browser.login("marketer@autohuset.demo").open("/journeys/dealerServiceInterval");
        awaitDesigner(browser);
        browser.find(By.id("suspend")).click();
        browser.await(d -> !d.findElements(By.id("activate")).isEmpty());
        assertThat(browser.find(By.id("journey-state")).getText()).isEqualTo("suspended");
        browser.find(By.id("activate")).click();
        browser.await(d -> !d.findElements(By.id("suspend")).isEmpty());
        assertThat(browser.find(By.id("journey-state")).getText()).isEqualTo("active");
    }

    private static void awaitDesigner(Browser browser) {
        browser.await(d -> "true".equals(browser.find(By.id("designer")).getDomAttribute("data-ready"))
                || browser.find(By.id("designer-status")).getText().startsWith("Something went wrong"));
        assertThat(browser.find(By.id("designer-status")).getText()).startsWith("Loaded");
    }

    private static List<WebElement> versions(Browser browser) {
        return browser.driver().findElements(By.cssSelector("#version-list tbody tr"));
    }

    /** The input of the properties panel field with this label, opening its group when it is closed. */
    private static WebElement field(Browser browser, String label) {
        By byLabel = By.xpath("//aside[@id='properties']//label[normalize-space()='" + label + "']");
        if (browser.driver().findElements(byLabel).stream().noneMatch(WebElement::isDisplayed)) {
            for (WebElement header : browser.driver().findElements(
                    By.cssSelector("#properties .bio-properties-panel-group-header:not(.open)"))) {
                header.click();
                if (browser.driver().findElements(byLabel).stream().anyMatch(WebElement::isDisplayed)) {
                    break;
                }
            }
        }
        WebElement labelElement = browser.find(byLabel);
        return browser.find(By.id(labelElement.getDomAttribute("for")));
    }
}
