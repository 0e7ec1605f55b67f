package io.genkend.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The designer's findings overlay: a marketer breaks a step of the dealer's windscreen journey (through the
 * bpmn-js API, as an edit in the properties panel would), clicks Validate, and the finding is shown on the step
 * itself (a marker on the shape and a badge overlay) and in the list of findings; fixing it clears them.
 */
@ExtendWith(BrowserExtension.class)
class DesignerFindingsE2eIT {

    private static final String STEP = "sendTaxiOffer";

    @Test
    void aFindingIsShownOnTheElementItConcerns(Browser browser) {
        browser.login("marketer@autohuset.demo").open("/journeys/dealerWindscreen");
        browser.await(d -> "true".equals(browser.find(By.id("designer")).getDomAttribute("data-ready"))
                || browser.find(By.id("designer-status")).getText().startsWith("Something went wrong"));
        assertThat(browser.find(By.id("designer-status")).getText()).startsWith("Loaded");
        assertThat(browser.driver().findElements(By.cssSelector(".finding-badge"))).isEmpty();

        // The step's delegate becomes a bean that does not exist: the model parses, but the step would fail.
        Object before = browser.script("""
                var m = window.genkendModeler, el = m.get('elementRegistry').get(arguments[0]);
                var old = el.businessObject.get('camunda:delegateExpression');
                m.get('modeling').updateProperties(el, {'camunda:delegateExpression': '${noSuchStepBean}'});
                return old;""", STEP);
        assertThat(before).isNotNull();

        browser.find(By.id("validate")).click();
        browser.await(d -> !d.findElements(By.cssSelector("#findings li[data-element-id='" + STEP + "']")).isEmpty());
        assertThat(browser.find(By.cssSelector("#findings li[data-element-id='" + STEP + "']")).getText())
                .contains(STEP, "noSuchStepBean");
        // the badge sits in the overlay container of that element, and the shape is marked
        assertThat(browser.find(By.cssSelector(
                ".djs-overlays[data-container-id='" + STEP + "'] .djs-overlay-finding .finding-badge")).isDisplayed())
                .isTrue();
        assertThat(browser.find(By.cssSelector("g.djs-element[data-element-id='" + STEP + "']"))
                .getDomAttribute("class")).contains("has-finding");

        // putting the delegate back and validating again clears the finding from the element
        browser.script("""
                var m = window.genkendModeler, el = m.get('elementRegistry').get(arguments[0]);
                m.get('modeling').updateProperties(el, {'camunda:delegateExpression': arguments[1]});""",
                STEP, before);
        browser.find(By.id("validate")).click();
        browser.await(d -> d.findElements(By.cssSelector("#findings li[data-element-id='" + STEP + "']")).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector(
                ".djs-overlays[data-container-id='" + STEP + "'] .finding-badge"))).isEmpty();
        assertThat(browser.find(By.cssSelector("g.djs-element[data-element-id='" + STEP + "']"))
                .getDomAttribute("class")).doesNotContain("has-finding");
    }
}
