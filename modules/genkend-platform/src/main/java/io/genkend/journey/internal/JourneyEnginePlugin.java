package io.genkend.journey.internal;

import io.genkend.journey.JourneyStepReached;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import io.genkend.tenancy.TenantDirectory;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.DeployCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;
import org.camunda.bpm.engine.impl.interceptor.CommandInvocationContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tunes the engine for journeys: a job executor that wakes at once for new jobs and idles briefly (so that a hop
 * through an async boundary does not wait on Camunda's 5 to 60 s back-off) and acquires the earliest due jobs
 * first over an index on the due date (every job has one), a default retry cycle, a default
 * history time to live, a refused model or callback logged at DEBUG instead of ERROR ({@link QuietRefusals}), and a parse
 * listener that publishes {@link JourneyStepReached} when an instance reaches
 * a task, a wait or an end event, and {@link BufferedMessageDue} when it reaches a catch event or receive task for
 * an {@code event:<name>} message that arrived early ({@link MessageBuffer}).
 */
@Component
class JourneyEnginePlugin extends AbstractProcessEnginePlugin {

    private final org.springframework.context.ApplicationContext application;
    private final JourneyProperties properties;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<TenantDirectory> tenants;
    private final ObjectProvider<MessageBuffer> buffer;
    private final Map<String, Tenant> tenantsBySlug = new ConcurrentHashMap<>();

    JourneyEnginePlugin(org.springframework.context.ApplicationContext application, JourneyProperties properties,
                        ApplicationEventPublisher events,
                        ObjectProvider<TenantDirectory> tenants, ObjectProvider<MessageBuffer> buffer) {
        this.application = application;
        this.properties = properties;
        this.events = events;
        this.tenants = tenants;
        this.buffer = buffer;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobRetryTimeCycle(properties.retryCycle());
        configuration.setHistoryTimeToLive(properties.historyTimeToLive());
        configuration.setHintJobExecutor(true);
        // Acquisition by due date over an index (V111): every job gets a due date (an async continuation: its
        // creation time) and the executor takes the earliest due first, so that acquisition reads a few index
        // entries instead of every waiting timer, and a backlog is worked off oldest first (Camunda user guide,
        // "The Job Executor", job acquisition by due date).
        configuration.setEnsureJobDueDateNotNull(true);
        configuration.setJobExecutorAcquireByDueDate(true);
        // tenants' models may name only journey steps and call only safe methods (JourneyExpressions)
        JourneyExpressions.JourneyBeans beans = new JourneyExpressions.JourneyBeans(application);
        configuration.setBeans(beans);
        configuration.setExpressionManager(new JourneyExpressions(application, beans));
        configuration.setScriptingEngines(new NoScripts());
        if (configuration.getCustomHistoryLevels() == null) {
            configuration.setCustomHistoryLevels(new ArrayList<>());
        }
        configuration.getCustomHistoryLevels().add(new JourneyHistoryLevel());
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new StepReachedParseListener());
        CommandContextFactory contexts = new QuietRefusals();
        contexts.setProcessEngineConfiguration(configuration);
        configuration.setCommandContextFactory(contexts);
    }

    /**
     * No script runs in a journey: a script task, script listener, script condition or script input of a tenant's
     * model (including Camunda's built-in {@code juel} script language, whose engine sees beans and reflection
     * outside {@link JourneyExpressions}) fails with this message, and so does a DMN decision's script. The linter
     * warns about scripts at deployment already.
     */
    static final class NoScripts extends org.camunda.bpm.engine.impl.scripting.engine.ScriptingEngines {

        NoScripts() {
            super(new org.camunda.bpm.engine.impl.scripting.engine.DefaultScriptEngineResolver(
                    new javax.script.ScriptEngineManager(NoScripts.class.getClassLoader())));
        }

        @Override
        public javax.script.ScriptEngine getScriptEngineForLanguage(String language) {
            throw new org.camunda.bpm.engine.ProcessEngineException("Scripts (" + language
                    + ") are not run in Genkend journeys: use a journey step or an expression");
        }
    }

    /**
     * Command contexts that log the caller's mistakes at DEBUG, as the engine already does for other exceptions that
     * are the caller's doing ({@code BadUserRequestException}, optimistic locking), instead of ENGINE-16004 at ERROR
     * with the whole stack trace (about 200 lines each):
     * <ul>
     *   <li>a refused model: a deployment command failing with a {@link ParseException} (a model that does not
     *       parse) or an {@code ENGINE-09…} exception (Camunda's XML and BPMN parsing codes, such as ENGINE-09003
     *       for XML that is not well-formed). {@link JourneyService} logs it in one line at INFO and answers 400;</li>
     *   <li>a callback nobody waits for: a message correlation failing with
     *       {@link MismatchingMessageCorrelationException} (no {@code callback:<token>} subscription of the tenant).
     *       {@link JourneyController} logs it in one line at INFO and answers 404;</li>
     *   <li>a command run {@link #isolated} by {@link JourneyTriggers} (a journey's start or a delivery to a waiting
     *       instance, in a savepoint of the event's transaction) that fails for a reason other than a concurrent
     *       change: {@link JourneyTriggers} logs it in one WARN line and records it as a start failure.</li>
     * </ul>
     * Anything else, also in a deployment or correlation (a database failure), keeps the engine's ERROR.
     */
    static final class QuietRefusals extends CommandContextFactory {

        /** Set on the thread while {@link JourneyTriggers} runs engine commands whose failure it handles itself. */
        private static final ThreadLocal<Boolean> ISOLATED = new ThreadLocal<>();

        /**
         * Runs {@code work} with the engine's ERROR log of a failing command demoted to DEBUG (a concurrent change
         * keeps the engine's own level, as it is retried): for work whose failure the caller logs and records.
         */
        static <T> T isolated(java.util.function.Supplier<T> work) {
            Boolean before = ISOLATED.get();
            ISOLATED.set(Boolean.TRUE);
            try {
                return work.get();
            } finally {
                if (before == null) {
                    ISOLATED.remove();
                } else {
                    ISOLATED.set(before);
                }
            }
        }

        @Override
        public CommandContext createCommandContext() {
            return new CommandContext(processEngineConfiguration) {
                private boolean deploying;
                private boolean correlating;

                @Override
                public void close(CommandInvocationContext invocation) {
                    deploying = invocation.getCommand() instanceof DeployCmd;
                    correlating = invocation.getCommand() instanceof CorrelateMessageCmd;
                    super.close(invocation);
                }

                @Override
                protected boolean shouldLogFine(Throwable exception) {
                    return (deploying && refusedModel(exception))
                            || (correlating && exception instanceof MismatchingMessageCorrelationException)
                            || (Boolean.TRUE.equals(ISOLATED.get()) && !ConcurrencyRetry.isTransient(exception))
                            || super.shouldLogFine(exception);
                }
            };
        }

        static boolean refusedModel(Throwable exception) {
            return exception instanceof ParseException || (exception instanceof ProcessEngineException
                    && exception.getMessage() != null && exception.getMessage().startsWith("ENGINE-09"));
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine processEngine) {
        JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration())
                .getJobExecutor();
        if (jobExecutor != null) {
            jobExecutor.setWaitTimeInMillis((int) properties.jobWait().toMillis());
            jobExecutor.setMaxWait(properties.jobMaxWait().toMillis());
        }
    }

    private void stepReached(DelegateExecution execution) {
        String slug = execution.getTenantId();
        if (slug == null) {
            return;
        }
        Tenant tenant = tenantsBySlug.computeIfAbsent(slug,
                s -> tenants.getObject().findBySlug(s).orElse(null));
        if (tenant == null) {
            return;
        }
        String definitionId = execution.getProcessDefinitionId();
        events.publishEvent(new JourneyStepReached(tenant, execution.getProcessBusinessKey(),
                definitionId == null ? null : definitionId.split(":")[0], execution.getProcessInstanceId(),
                execution.getCurrentActivityId(), execution.getCurrentActivityName(),
                String.valueOf(execution.getBpmnModelElementInstance() == null ? null
                        : execution.getBpmnModelElementInstance().getElementType().getTypeName()),
                Instant.now()));
    }

    /**
     * At a catch event or receive task for a fixed {@code event:<name>} message: when a buffered message of that
     * name waits for the instance's customer, asks for its delivery after commit (when the subscription exists).
     */
    private void waitReached(DelegateExecution execution) {
        String slug = execution.getTenantId();
        String businessKey = execution.getProcessBusinessKey();
        MessageBuffer messages = buffer.getIfAvailable();
        FlowElement element = execution.getBpmnModelElementInstance();
        if (slug == null || businessKey == null || messages == null || !messages.enabled() || element == null) {
            return;
        }
        String messageName = JourneyModel.eventMessage(element);
        if (messageName == null) {
            return;
        }
        UUID customerId;
        try {
            customerId = UUID.fromString(businessKey);
        } catch (IllegalArgumentException e) {
            return;
        }
        Tenant tenant = tenantsBySlug.computeIfAbsent(slug, s -> tenants.getObject().findBySlug(s).orElse(null));
        if (tenant == null) {
            return;
        }
        TenantContext.runAs(tenant, () -> {
            if (messages.hasPending(customerId, messageName)) {
                events.publishEvent(new BufferedMessageDue(tenant, customerId, messageName));
            }
        });
    }

    /** Adds a start listener to tasks, waits and end events. */
    private final class StepReachedParseListener extends AbstractBpmnParseListener {

        private final ExecutionListener listener = JourneyEnginePlugin.this::stepReached;
        private final ExecutionListener waitListener = JourneyEnginePlugin.this::waitReached;

        private void add(ActivityImpl activity) {
            activity.addListener(ExecutionListener.EVENTNAME_START, listener);
        }

        @Override
        public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }

        @Override
        public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }

        @Override
        public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }

        @Override
        public void parseReceiveTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
            activity.addListener(ExecutionListener.EVENTNAME_START, waitListener);
        }

        @Override
        public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }

        @Override
        public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
            activity.addListener(ExecutionListener.EVENTNAME_START, waitListener);
        }

        @Override
        public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }
    }
}
