package io.genkend.decision.internal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offer policies are FEEL only: a DMN with a JUEL or script expression is refused when it is saved, and should one
 * reach the engine anyway (stored before this rule), it is not evaluated: the policy fails with the reason.
 */
class DmnPolicyLanguageTest {

    private final DmnPolicy policy = new DmnPolicy(new DecisionConfiguration().decisionDmnEngine());

    private static String dmn(String outputEntry) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="test">
                  <decision id="policy" name="policy">
                    <decisionTable id="t" hitPolicy="FIRST">
                      <input id="i"><inputExpression id="ie" typeRef="string"><text>customerType</text></inputExpression></input>
                      <output id="o" name="eligible" typeRef="boolean"/>
                      <output id="r" name="reason" typeRef="string"/>
                      <rule id="r1">
                        <inputEntry id="e1"><text>-</text></inputEntry>
                        %s
                        <outputEntry id="o2"><text>"because"</text></outputEntry>
                      </rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """.formatted(outputEntry);
    }

    @Test
    void feelPassesAndJuelOrScriptsAreRefusedWhenSaved() {
        assertThat(policy.problemWith(dmn("<outputEntry id=\"o1\"><text>true</text></outputEntry>"))).isNull();
        assertThat(policy.problemWith(dmn("<outputEntry id=\"o1\" expressionLanguage=\"juel\">"
                + "<text>${\"\".getClass().getName() != null}</text></outputEntry>")))
                .contains("FEEL expressions only").contains("juel");
        assertThat(policy.problemWith(dmn("<outputEntry id=\"o1\" expressionLanguage=\"javascript\">"
                + "<text>true</text></outputEntry>"))).contains("javascript");
        assertThat(policy.problemWith(dmn("<outputEntry id=\"o1\" expressionLanguage=\""
                + "https://www.omg.org/spec/DMN/20191111/FEEL/\"><text>true</text></outputEntry>"))).isNull();
    }

    @Test
    void aJuelExpressionThatReachesTheEngineIsNotEvaluated() {
        DmnPolicy.Outcome outcome = policy.evaluate(dmn("<outputEntry id=\"o1\" expressionLanguage=\"juel\">"
                + "<text>${\"\".getClass().getName() != null}</text></outputEntry>"), Map.of("customerType", "x"));
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).contains("could not be evaluated").contains("juel");
        assertThat(policy.evaluate(dmn("<outputEntry id=\"o1\"><text>true</text></outputEntry>"),
                Map.of("customerType", "x")).passed()).isTrue();
    }
}
