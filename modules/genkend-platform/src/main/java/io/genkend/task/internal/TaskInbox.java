package io.genkend.task.internal;

import io.genkend.task.TaskConflictException;
import io.genkend.task.TaskFormInvalidException;
import io.genkend.task.TaskNotFoundException;
import io.genkend.task.Tasks;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.form.TaskFormData;
import org.camunda.bpm.engine.impl.form.type.EnumFormType;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** {@link Tasks} on Camunda's task service, scoped by the current tenant's Camunda tenant id. */
@Service
class TaskInbox implements Tasks {

    private final TaskService tasks;
    private final FormService forms;
    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final TaskProperties properties;

    TaskInbox(TaskService tasks, FormService forms, RuntimeService runtime, RepositoryService repository,
              TaskProperties properties) {
        this.tasks = tasks;
        this.forms = forms;
        this.runtime = runtime;
        this.repository = repository;
        this.properties = properties;
    }

    private static TaskQuery query(TaskService tasks) {
        return tasks.createTaskQuery().tenantIdIn(TenantContext.require().camundaTenantId()).active();
    }

    @Override
    public List<TaskView> list(TaskFilter filter, int first, int size) {
        TaskQuery query = query(tasks);
        if (filter.candidateGroups() != null && !filter.candidateGroups().isEmpty()) {
            query.taskCandidateGroupIn(new ArrayList<>(filter.candidateGroups())).includeAssignedTasks();
        }
        if (filter.assignee() != null) {
            query.taskAssignee(filter.assignee());
        }
        if (filter.unassignedOnly()) {
            query.taskUnassigned();
        }
        // the engine pages in the order views() sorts by (PostgreSQL puts null due dates last when ascending)
        return views(query.orderByDueDate().asc().orderByTaskCreateTime().asc().listPage(Math.max(0, first),
                Math.max(1, size)));
    }

    @Override
    public List<TaskView> inbox(String userId, Set<String> groups) {
        TaskQuery query = query(tasks);
        if (groups.isEmpty()) {
            query.taskAssignee(userId);
        } else {
            query.or().taskAssignee(userId).taskCandidateGroupIn(new ArrayList<>(groups)).endOr();
        }
        return views(query.list());
    }

    @Override
    public Set<String> groupsOf(Set<String> roles) {
        Set<String> groups = new TreeSet<>();
        for (String role : roles) {
            groups.addAll(properties.groupsByRole().getOrDefault(role, List.of()));
        }
        return groups;
    }

    @Override
    public Optional<TaskView> find(String taskId) {
        Task task = query(tasks).taskId(taskId).singleResult();
        return task == null ? Optional.empty() : Optional.of(views(List.of(task)).get(0));
    }

    @Override
    public Map<String, Object> context(String taskId) {
        require(taskId);
        Map<String, Object> context = new java.util.TreeMap<>();
        tasks.getVariables(taskId).forEach((name, value) -> {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                context.put(name, value);
            } else if (value instanceof java.util.Date date) {
                context.put(name, date.toInstant());
            }
        });
        return context;
    }

    @Override
    @Transactional
    public TaskView claim(String taskId, String userId) {
        Task task = require(taskId);
        if (task.getAssignee() != null && !task.getAssignee().equals(userId)) {
            throw new TaskConflictException("Task '" + taskId + "' is claimed by someone else");
        }
        if (task.getAssignee() == null) {
            tasks.claim(taskId, userId);
        }
        return find(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
    }

    @Override
    @Transactional
    public TaskView unclaim(String taskId) {
        require(taskId);
        tasks.setAssignee(taskId, null);
        return find(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
    }

    @Override
    @Transactional
    public void complete(String taskId, Map<String, Object> values) {
        require(taskId);
        Map<String, Object> submitted = values == null ? Map.of() : values;
        List<org.camunda.bpm.engine.form.FormField> fields = forms.getTaskFormData(taskId).getFormFields();
        Set<String> known = new HashSet<>();
        fields.forEach(f -> known.add(f.getId()));
        List<Map<String, String>> errors = new ArrayList<>();
        if (!fields.isEmpty()) {
            submitted.keySet().stream().filter(k -> !known.contains(k))
                    .forEach(k -> errors.add(Map.of("field", k, "message", "not a field of this task's form")));
        }
        for (org.camunda.bpm.engine.form.FormField field : fields) {
            boolean required = field.getValidationConstraints().stream()
                    .anyMatch(c -> "required".equals(c.getName()));
            Object value = submitted.get(field.getId());
            if (required && (value == null || value.toString().isBlank()) && field.getDefaultValue() == null) {
                errors.add(Map.of("field", field.getId(), "message", "required"));
            }
        }
        if (!errors.isEmpty()) {
            throw new TaskFormInvalidException("The task's form has invalid fields.", errors);
        }
        Map<String, Object> converted = new HashMap<>();
        submitted.forEach((k, v) -> converted.put(k, v instanceof Number || v instanceof Boolean ? v.toString() : v));
        try {
            if (fields.isEmpty()) {
                tasks.complete(taskId, new HashMap<>(submitted));
            } else {
                forms.submitTaskForm(taskId, converted);
            }
        } catch (ProcessEngineException e) {
            if (e.getMessage() != null && (e.getMessage().contains("form field") || e.getMessage().contains("Cannot")
                    || e.getMessage().contains("Invalid value") || e.getMessage().contains("validator"))) {
                throw new TaskFormInvalidException("The task's form has invalid fields.",
                        List.of(Map.of("field", "form", "message", e.getMessage())));
            }
            throw e;
        }
    }

    private Task require(String taskId) {
        Task task = query(tasks).taskId(taskId).singleResult();
        if (task == null) {
            throw new TaskNotFoundException(taskId);
        }
        return task;
    }

    private List<TaskView> views(List<Task> found) {
        Set<String> instanceIds = new LinkedHashSet<>();
        found.forEach(t -> {
            if (t.getProcessInstanceId() != null) {
                instanceIds.add(t.getProcessInstanceId());
            }
        });
        Map<String, String> businessKeys = new HashMap<>();
        if (!instanceIds.isEmpty()) {
            for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceIds(instanceIds)
                    .list()) {
                businessKeys.put(instance.getId(), instance.getBusinessKey());
            }
        }
        Map<String, String> keys = new HashMap<>();
        Instant now = Instant.now();
        List<TaskView> views = new ArrayList<>();
        for (Task task : found) {
            String journeyKey = task.getProcessDefinitionId() == null ? null : keys.computeIfAbsent(
                    task.getProcessDefinitionId(), id -> repository.getProcessDefinition(id).getKey());
            List<String> groups = new ArrayList<>();
            for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
                if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
                    groups.add(link.getGroupId());
                }
            }
            Instant due = task.getDueDate() == null ? null : task.getDueDate().toInstant();
            views.add(new TaskView(task.getId(), task.getName(), task.getDescription(), task.getTaskDefinitionKey(),
                    journeyKey, task.getProcessInstanceId(), businessKeys.get(task.getProcessInstanceId()),
                    task.getAssignee(), groups, task.getCreateTime().toInstant(), due,
                    due != null && due.isBefore(now), formFields(task.getId())));
        }
        views.sort(Comparator.comparing((TaskView v) -> v.dueAt() == null ? Instant.MAX : v.dueAt())
                .thenComparing(TaskView::createdAt));
        return views;
    }

    private List<Tasks.FormField> formFields(String taskId) {
        TaskFormData data = forms.getTaskFormData(taskId);
        List<Tasks.FormField> fields = new ArrayList<>();
        if (data == null) {
            return fields;
        }
        for (org.camunda.bpm.engine.form.FormField field : data.getFormFields()) {
            Map<String, String> options = new LinkedHashMap<>();
            if (field.getType() instanceof EnumFormType enumType) {
                options.putAll(enumType.getValues());
            }
            boolean required = field.getValidationConstraints().stream().anyMatch(c -> "required".equals(c.getName()));
            fields.add(new Tasks.FormField(field.getId(), field.getLabel(), field.getTypeName(), required,
                    field.getDefaultValue(), options));
        }
        return fields;
    }
}
