package io.genkend.journey.internal;

import io.genkend.journey.JourneyStepReached;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantDirectory;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tunes the engine for journeys: a job executor that wakes at once for new jobs and idles briefly (so that a hop
 * through an async boundary does not wait on Camunda's 5 to 60 s back-off), a default retry cycle, a default
 * history time to live, and a parse listener that publishes {@link JourneyStepReached} when an instance reaches
 * a task, a wait or an end event.
 */
@Component
class JourneyEnginePlugin extends AbstractProcessEnginePlugin {

    private final JourneyProperties properties;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<TenantDirectory> tenants;
    private final Map<String, Tenant> tenantsBySlug = new ConcurrentHashMap<>();

    JourneyEnginePlugin(JourneyProperties properties, ApplicationEventPublisher events,
                        ObjectProvider<TenantDirectory> tenants) {
        this.properties = properties;
        this.events = events;
        this.tenants = tenants;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setFailedJobRetryTimeCycle(properties.retryCycle());
        configuration.setHistoryTimeToLive(properties.historyTimeToLive());
        configuration.setHintJobExecutor(true);
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new StepReachedParseListener());
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

    /** Adds a start listener to tasks, waits and end events. */
    private final class StepReachedParseListener extends AbstractBpmnParseListener {

        private final ExecutionListener listener = JourneyEnginePlugin.this::stepReached;

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
        }

        @Override
        public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }

        @Override
        public void parseIntermediateCatchEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }

        @Override
        public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
            add(activity);
        }
    }
}
