package io.genkend.decision.internal;

import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caching FEEL engine answers exactly as Camunda's shipped {@link ScalaFeelEngine} (the same expressions, unary
 * tests and variables, including missing ones and errors), while parsing each expression once.
 */
class CachingFeelEngineTest {

    private final ScalaFeelEngine shipped = new ScalaFeelEngine(new ArrayList<>());
    private final CachingFeelEngine caching = new CachingFeelEngine();

    private static VariableContext variables(Map<String, Object> values) {
        return Variables.fromMap(values).asVariableContext();
    }

    @Test
    void expressionsGiveTheShippedEnginesValues() {
        List<Map<String, Object>> contexts = List.of(
                Map.of("customerType", "business", "age", 41, "balance", 1200.5, "since", LocalDate.of(2020, 1, 2)),
                Map.of("customerType", "private", "age", 17, "balance", -3.0, "since", LocalDate.of(2026, 11, 1)),
                Map.of());
        List<String> expressions = List.of("customerType", "age + 1", "balance * 2 > 100", "\"a string\"", "false",
                "if age >= 18 then \"adult\" else \"minor\"", "string length(customerType)",
                "since < date(\"2025-01-01\")", "null");
        for (Map<String, Object> values : contexts) {
            for (String expression : expressions) {
                Object expected;
                try {
                    expected = shipped.evaluateSimpleExpression(expression, variables(values));
                } catch (FeelException e) {
                    assertThatThrownBy(() -> caching.evaluateSimpleExpression(expression, variables(values)))
                            .as(expression + " with " + values).isInstanceOf(FeelException.class);
                    continue;
                }
                for (int i = 0; i < 2; i++) {
                    Object actual = caching.evaluateSimpleExpression(expression, variables(values));
                    assertThat(actual).as(expression + " with " + values).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void unaryTestsGiveTheShippedEnginesAnswers() {
        List<String> tests = List.of("\"business\"", "\"business\",\"fleet\"", "< 6", "[1..10]", "-", "not(5)",
                ">= 18", "? > limit", "null");
        List<Object> inputs = new ArrayList<>(List.of("business", "private", 5, 18, 2.5));
        inputs.add(null);
        for (String test : tests) {
            for (Object input : inputs) {
                Map<String, Object> values = new java.util.HashMap<>();
                values.put("cellInput", input);
                values.put("limit", 3);
                boolean expected;
                try {
                    expected = shipped.evaluateSimpleUnaryTests(test, "cellInput", variables(values));
                } catch (FeelException e) {
                    assertThatThrownBy(() -> caching.evaluateSimpleUnaryTests(test, "cellInput", variables(values)))
                            .as(test + " on " + input).isInstanceOf(FeelException.class);
                    continue;
                }
                assertThat(caching.evaluateSimpleUnaryTests(test, "cellInput", variables(values)))
                        .as(test + " on " + input).isEqualTo(expected);
            }
        }
    }

    @Test
    void eachExpressionIsParsedOnceAndAParseErrorIsAFeelException() {
        for (int i = 0; i < 5; i++) {
            caching.evaluateSimpleExpression("age + 1", variables(Map.of("age", i)));
            caching.evaluateSimpleUnaryTests("< 6", "x", variables(Map.of("x", i)));
        }
        assertThat(caching.size()).isEqualTo(2);
        assertThatThrownBy(() -> caching.evaluateSimpleExpression("age +* (", variables(Map.of("age", 1))))
                .isInstanceOf(FeelException.class).hasMessageContaining("failed to parse");
        assertThat(caching.size()).as("a failure is not kept").isEqualTo(2);
    }
}
