package io.genkend.task.internal;

import io.genkend.task.TaskCompleted;
import io.genkend.task.TaskCreated;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantDirectory;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes {@link TaskCreated} and {@link TaskCompleted} for every user task of every journey, in the engine's
 * transaction, through a task listener that a parse listener adds to each user task.
 */
@Component
class TaskEventsPlugin extends AbstractProcessEnginePlugin {

    private final ApplicationEventPublisher events;
    private final ObjectProvider<TenantDirectory> directory;
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    TaskEventsPlugin(ApplicationEventPublisher events, ObjectProvider<TenantDirectory> directory) {
        this.events = events;
        this.directory = directory;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPostBPMNParseListeners() == null) {
            configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
                if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
                    behavior.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_CREATE, TaskEventsPlugin.this::created);
                    behavior.getTaskDefinition().addTaskListener(TaskListener.EVENTNAME_COMPLETE, TaskEventsPlugin.this::completed);
                }
            }
        });
    }

    private Tenant tenant(String slug) {
        if (slug == null) {
            return null;
        }
        return tenants.computeIfAbsent(slug, s -> directory.getObject().findBySlug(s).orElse(null));
    }

    private static String journeyKey(DelegateTask task) {
        return task.getProcessDefinitionId() == null ? null : task.getProcessDefinitionId().split(":")[0];
    }

    private void created(DelegateTask task) {
        Tenant tenant = tenant(task.getTenantId());
        if (tenant == null) {
            return;
        }
        List<String> groups = new ArrayList<>();
        task.getCandidates().forEach(link -> {
            if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
                groups.add(link.getGroupId());
            }
        });
        events.publishEvent(new TaskCreated(tenant, task.getId(), task.getName(), task.getTaskDefinitionKey(),
                groups, task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey(),
                journeyKey(task), task.getProcessInstanceId(),
                task.getDueDate() == null ? null : task.getDueDate().toInstant(), Instant.now()));
    }

    private void completed(DelegateTask task) {
        Tenant tenant = tenant(task.getTenantId());
        if (tenant == null) {
            return;
        }
        events.publishEvent(new TaskCompleted(tenant, task.getId(), task.getName(), task.getTaskDefinitionKey(),
                task.getAssignee(), task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey(),
                journeyKey(task), task.getProcessInstanceId(), Instant.now()));
    }
}
