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

    /**
     * The public DMN tables in ../shared/data/dmn (Apache-2.0, see its README) parse on the same engine, so a
     * marketer can use such a table as an eligibility or suitability policy. Skipped where the folder is absent.
     */
    @Test
    void publicDecisionTablesParseOnTheSameEngine() throws Exception {
        java.nio.file.Path folder = java.nio.file.Path.of("../../../shared/data/dmn");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(folder),
                "../shared/data/dmn is not here");
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".dmn")).toList()) {
                try (InputStream in = java.nio.file.Files.newInputStream(file)) {
                    assertThat(engine.parseDecisions(in)).as(file.toString()).isNotEmpty();
                }
            }
        }
    }

    private DmnDecisionResult evaluate(String file, Map<String, Object> variables) {
        InputStream in = getClass().getResourceAsStream("/io/genkend/pack/dealer/" + file);
        return engine.evaluateDecision(engine.parseDecisions(in).get(0), new HashMap<>(variables));
    }
}
