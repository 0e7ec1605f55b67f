package io.genkend.decision.internal;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates an offer's eligibility or suitability policy: a DMN decision (its XML stored with the offer), run by
 * Camunda's DMN engine. The first decision of the XML is evaluated with the customer's traits and the decision
 * context's data as variables; the policy passes when the output of the first matched rule that is not
 * named {@code reason} is {@code true} (or the string {@code "true"}/{@code "yes"}). No matched rule means the
 * policy fails. An output named {@code reason}, when present, is kept as the reason. Parsed decisions are cached
 * by their XML.
 */
@Component
class DmnPolicy {

    /** Why a policy with another expression language than FEEL is refused. */
    static final String ONLY_FEEL = "offer policies may use FEEL expressions only (no JUEL, no scripts)";

    private final DmnEngine engine;
    private final Map<String, DmnDecision> parsed = new ConcurrentHashMap<>();

    DmnPolicy(DmnEngine decisionDmnEngine) {
        this.engine = decisionDmnEngine;
    }

    /**
     * Parses DMN XML, to validate it before it is stored.
     *
     * @return a message for people when it is not a usable DMN decision; {@code null} when it is
     */
    String problemWith(String xml) {
        try {
            String language = foreignLanguage(xml);
            if (language != null) {
                return ONLY_FEEL + ": it uses " + language;
            }
            decision(xml);
            return null;
        } catch (RuntimeException e) {
            return "not a valid DMN decision: " + e.getMessage();
        }
    }

    /**
     * Evaluates the decision.
     *
     * @param xml       DMN XML
     * @param variables input variables
     * @return the outcome with a reason
     */
    Outcome evaluate(String xml, Map<String, Object> variables) {
        DmnDecisionResult result;
        try {
            result = engine.evaluateDecision(decision(xml), variables);
        } catch (RuntimeException e) {
            return new Outcome(false, "rule could not be evaluated: " + e.getMessage());
        }
        DmnDecisionResultEntries first = result.getFirstResult();
        if (first == null) {
            return new Outcome(false, "no rule matched");
        }
        // The entry map's order is not the outputs' order: the verdict is the output that is not "reason".
        Object value = first.getEntryMap().entrySet().stream().filter(e -> !"reason".equals(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Object reason = first.getEntryMap().get("reason");
        boolean passed = Boolean.TRUE.equals(value)
                || (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes")));
        return new Outcome(passed, reason != null ? reason.toString() : (passed ? "rule matched" : "rule said no"));
    }

    /**
     * @return the first expression language of the DMN that is not FEEL (on the definitions, an input expression,
     *         an input entry, an output entry or a literal expression), or {@code null} when all are FEEL
     */
    static String foreignLanguage(String xml) {
        org.camunda.bpm.model.dmn.DmnModelInstance model = org.camunda.bpm.model.dmn.Dmn.readModelFromStream(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        List<String> languages = new java.util.ArrayList<>();
        model.getModelElementsByType(org.camunda.bpm.model.dmn.instance.Definitions.class)
                .forEach(d -> languages.add(d.getExpressionLanguage()));
        model.getModelElementsByType(org.camunda.bpm.model.dmn.instance.LiteralExpression.class)
                .forEach(e -> languages.add(e.getExpressionLanguage()));
        model.getModelElementsByType(org.camunda.bpm.model.dmn.instance.UnaryTests.class)
                .forEach(e -> languages.add(e.getExpressionLanguage()));
        return languages.stream().filter(l -> l != null && !l.isBlank() && !isFeel(l)).findFirst().orElse(null);
    }

    private static boolean isFeel(String language) {
        String l = language.trim().toLowerCase(java.util.Locale.ROOT);
        return l.equals("feel") || l.equals("feel-scala") || l.equals("feel-scala-unary-tests")
                || (l.startsWith("http") && l.contains("omg.org/spec/") && l.endsWith("/feel/"))
                || (l.startsWith("http") && l.contains("omg.org/spec/feel/"));
    }

    private DmnDecision decision(String xml) {
        return parsed.computeIfAbsent(xml, x -> {
            List<DmnDecision> decisions = engine.parseDecisions(
                    new ByteArrayInputStream(x.getBytes(StandardCharsets.UTF_8)));
            if (decisions.isEmpty()) {
                throw new IllegalArgumentException("no decision in the DMN");
            }
            return decisions.get(0);
        });
    }

    /**
     * @param passed whether the policy lets the offer through
     * @param reason why, for people
     */
    record Outcome(boolean passed, String reason) {
    }
}
