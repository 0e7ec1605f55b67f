package io.genkend.decision;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dealer pack's DMN policies evaluate on Camunda's DMN engine, also when an input variable is missing. */
class DmnPolicyTest {

    private final DmnEngine engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();

    @Test
    void taxiEligibilityDropsBusinessCustomersAndKeepsOthersEvenWithoutTheTrait() {
        assertThat(evaluate("taxi-eligibility.dmn", Map.of("customerType", "business")).getFirstResult()
                .<Object>getEntry("eligible")).isEqualTo(false);
        assertThat(evaluate("taxi-eligibility.dmn", Map.of()).getFirstResult().<Object>getEntry("eligible")).isEqualTo(true);
    }

    @Test
    void wiperSuitabilityDependsOnTheBladesAge() {
        assertThat(evaluate("wiper-suitability.dmn", Map.of("wiperBladesAgeMonths", 2)).getFirstResult()
                .<Object>getEntry("suitable")).isEqualTo(false);
        assertThat(evaluate("wiper-suitability.dmn", Map.of()).getFirstResult().<Object>getEntry("suitable")).isEqualTo(true);
    }

    private DmnDecisionResult evaluate(String file, Map<String, Object> variables) {
        InputStream in = getClass().getResourceAsStream("/io/genkend/pack/dealer/" + file);
        return engine.evaluateDecision(engine.parseDecisions(in).get(0), new HashMap<>(variables));
    }
}
