package io.genkend.decision.internal;

import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Left;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.FeelEngine;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Camunda's FEEL engine for DMN ({@link ScalaFeelEngine}, feel-scala) with the parsed expressions kept: the
 * shipped engine parses every input expression, input entry and output entry again on every evaluation
 * (camunda/feel-scala#1149), which was about a tenth of a decision's CPU. Here each distinct expression is parsed
 * once ({@code FeelEngine.parseExpression} / {@code parseUnaryTests}) and evaluated from its syntax tree
 * ({@code FeelEngine.eval}), with the same contexts the shipped engine builds (the DMN variables, and for unary
 * tests the {@code inputVariableName} entry naming the input), so results and errors are the same. A parse failure
 * is not kept and throws {@link FeelException} with feel-scala's message, as the shipped engine does. At most
 * {@value #MAX_ENTRIES} expressions are kept (then the cache starts afresh): policies are tenants' data.
 */
final class CachingFeelEngine extends ScalaFeelEngine {

    static final int MAX_ENTRIES = 10_000;
    /** The context entry feel-scala reads the input variable's name from (ScalaFeelEngine uses the same). */
    private static final String INPUT_VARIABLE = "inputVariableName";

    private final Map<String, ParsedExpression> expressions = new ConcurrentHashMap<>();
    private final Map<String, ParsedExpression> unaryTests = new ConcurrentHashMap<>();

    CachingFeelEngine() {
        super(new ArrayList<>());
    }

    /**
     * @return the value of a FEEL expression (a DMN input expression or output entry)
     * @throws FeelException when it cannot be parsed or evaluated
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
        ParsedExpression parsed = parsed(expressions, expression, feelEngine::parseExpression);
        CustomContext context = new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new ContextVariableWrapper(variableContext);
            }
        };
        return (T) value(feelEngine.eval(parsed, context));
    }

    /**
     * @return whether the input satisfies the FEEL unary tests (a DMN input entry)
     * @throws FeelException when they cannot be parsed or evaluated
     */
    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable,
                                            VariableContext variableContext) {
        ParsedExpression parsed = parsed(unaryTests, expression, feelEngine::parseUnaryTests);
        VariableProvider input = new VariableProvider.StaticVariableProvider(
                new camundajar.impl.scala.collection.immutable.Map.Map1<>(INPUT_VARIABLE, inputVariable));
        VariableProvider variables = new ContextVariableWrapper(variableContext);
        CustomContext context = new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new VariableProvider.CompositeVariableProvider(toScalaList(input, variables));
            }
        };
        Object satisfied = value(feelEngine.eval(parsed, context));
        return satisfied != null && (Boolean) satisfied; // null is false, as Scala's unboxing in the shipped engine
    }

    /** @return how many parsed expressions and unary tests are kept (for tests) */
    int size() {
        return expressions.size() + unaryTests.size();
    }

    private static ParsedExpression parsed(Map<String, ParsedExpression> cache, String expression,
                                           Function<String, Either<FeelEngine.Failure, ParsedExpression>> parser) {
        ParsedExpression parsed = cache.get(expression);
        if (parsed == null) {
            parsed = (ParsedExpression) value(parser.apply(expression));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(expression, parsed);
        }
        return parsed;
    }

    private static Object value(Either<FeelEngine.Failure, ?> result) {
        if (result instanceof Left<FeelEngine.Failure, ?> left) {
            throw new FeelException(left.value().message());
        }
        return result.toOption().get();
    }
}
