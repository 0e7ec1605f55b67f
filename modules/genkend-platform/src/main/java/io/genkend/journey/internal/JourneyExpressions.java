package io.genkend.journey.internal;

import io.genkend.journey.internal.steps.JourneyTime;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELException;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.context.ApplicationContext;

import java.beans.FeatureDescriptor;
import java.lang.reflect.Method;
import java.time.temporal.TemporalAccessor;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The expression language of tenants' journeys, made safe for a multi-tenant server. Camunda 7 evaluates
 * {@code ${...}} (JUEL) in BPMN and DMN with full Java reflection and, with Spring, every bean of the application:
 * a tenant's model could call {@code "".getClass().forName(...)}, read another tenant's data through a repository
 * bean, or reach the engine through {@code execution.getProcessEngineServices()}. Here:
 * <ul>
 *   <li><b>Beans</b>: only the journey step delegates ({@link JavaDelegate}, listeners) and {@code journeyTime} can be
 *       named (Camunda's {@code beans} map, which makes {@link SpringExpressionManager} use a read-only map instead of
 *       the whole application context; it also keeps Spring beans out of scripts).</li>
 *   <li><b>Method calls</b> are allowed on values (strings, numbers, booleans, dates and times, collections and maps),
 *       on {@code execution} only for its variables and ids ({@link VariableScope} methods, business key, activity),
 *       and on {@code journeyTime}; never {@code getClass}, {@code wait} or {@code notify}. Anything else is an
 *       {@link ELException} naming the method, which fails the step like any other expression error (an incident).</li>
 *   <li><b>Properties</b>: {@code class} and {@code classLoader} are never read; on {@code execution} only the same
 *       variables and ids.</li>
 * </ul>
 * The guard is the first resolver of Camunda's chain and only refuses; what it lets through is resolved by Camunda's
 * own resolvers as before. Allow-lists rather than deny-lists, as OWASP's Expression Language Injection guidance
 * advises.
 */
final class JourneyExpressions extends SpringExpressionManager {

    /** Methods of {@code execution} (and a task) that an expression may call. */
    static final Set<String> EXECUTION_METHODS = executionMethods();
    private static final Set<String> NEVER = Set.of("getClass", "wait", "notify", "notifyAll", "class",
            "classLoader");

    /**
     * @param context the application, whose journey step beans expressions may name
     * @param beans   the same {@link JourneyBeans}, also given to the engine configuration ({@code setBeans})
     */
    JourneyExpressions(ApplicationContext context, JourneyBeans beans) {
        super(context, beans);
    }

    private static Set<String> executionMethods() {
        Set<String> names = Arrays.stream(VariableScope.class.getMethods()).map(Method::getName)
                .collect(Collectors.toCollection(java.util.HashSet::new));
        names.addAll(Set.of("getBusinessKey", "getProcessBusinessKey", "getCurrentActivityId",
                "getCurrentActivityName", "getActivityInstanceId", "getId", "getProcessInstanceId", "getEventName",
                "getTenantId", "getProcessDefinitionId"));
        return Set.copyOf(names);
    }

    @Override
    protected ELResolver createElResolver() {
        CompositeELResolver chain = new CompositeELResolver();
        chain.add(new Guard());
        chain.add(super.createElResolver());
        return chain;
    }

    /** @return whether an expression may call {@code method} on {@code base} */
    static boolean mayCall(Object base, String method) {
        if (base == null || NEVER.contains(method)) {
            return false;
        }
        if (isValue(base) || base instanceof JourneyTime) {
            return true;
        }
        return base instanceof VariableScope && EXECUTION_METHODS.contains(method);
    }

    /** @return whether an expression may read {@code property} of {@code base} */
    static boolean mayRead(Object base, String property) {
        if (NEVER.contains(property)) {
            return false;
        }
        if (base instanceof VariableScope) {
            String getter = "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
            return EXECUTION_METHODS.contains(getter) || EXECUTION_METHODS.contains("is" + getter.substring(3));
        }
        return true;
    }

    private static boolean isValue(Object base) {
        return base instanceof CharSequence || base instanceof Number || base instanceof Boolean
                || base instanceof Character || base instanceof Date || base instanceof TemporalAccessor
                || base instanceof Collection<?> || base instanceof Map<?, ?> || base.getClass().isArray();
    }

    /** Refuses what {@link #mayCall} and {@link #mayRead} do not allow; resolves nothing itself. */
    static final class Guard extends ELResolver {

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes,
                             Object[] params) {
            String name = String.valueOf(method);
            if (!mayCall(base, name)) {
                throw new ELException("Journeys may not call " + name + "() on "
                        + (base == null ? "nothing" : base instanceof DelegateExecution ? "execution"
                        : base.getClass().getSimpleName()));
            }
            return null;
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base != null && property != null && !(base instanceof Map<?, ?>)
                    && !mayRead(base, String.valueOf(property))) {
                throw new ELException("Journeys may not read " + property + " of "
                        + (base instanceof DelegateExecution ? "execution" : base.getClass().getSimpleName()));
            }
            return null;
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            return null;
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            if (base != null && !(base instanceof Map<?, ?>) && !(base instanceof VariableScope)) {
                throw new ELException("Journeys may not set " + property + " of " + base.getClass().getSimpleName());
            }
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            return false;
        }

        @Override
        public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
            return null;
        }

        @Override
        public Class<?> getCommonPropertyType(ELContext context, Object base) {
            return null;
        }
    }

    /**
     * The beans an expression may name: those whose type is a {@link JavaDelegate}, {@link ExecutionListener} or
     * {@link TaskListener} (the journey steps of the platform and the packs), and {@link JourneyTime}; looked up in
     * the application context when first named (so the map can be handed to the engine before the steps exist).
     */
    static final class JourneyBeans extends AbstractMap<Object, Object> {

        private final ApplicationContext context;

        JourneyBeans(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public boolean containsKey(Object key) {
            if (!(key instanceof String name) || !context.containsBean(name)) {
                return false;
            }
            Class<?> type = context.getType(name);
            return type != null && (JavaDelegate.class.isAssignableFrom(type)
                    || ExecutionListener.class.isAssignableFrom(type) || TaskListener.class.isAssignableFrom(type)
                    || JourneyTime.class.isAssignableFrom(type));
        }

        @Override
        public Object get(Object key) {
            return containsKey(key) ? context.getBean((String) key) : null;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            return Set.of(); // not enumerable: Camunda only asks for names it meets
        }
    }
}
