package io.genkend.journey.internal;

import io.genkend.journey.EntryRule;
import io.genkend.journey.JourneyNotActiveException;
import io.genkend.journey.JourneyNotFoundException;
import io.genkend.journey.JourneyRejectedException;
import io.genkend.journey.Journeys;
import io.genkend.journey.StepExecution;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.management.IncidentStatistics;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.genkend.schema.Tables.JOURNEY_CONVERSION;

/** {@link Journeys} on the embedded engine, scoped by the current tenant's Camunda tenant id. */
@Service
class JourneyService implements Journeys {

    private static final Logger log = LoggerFactory.getLogger(JourneyService.class);

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final HistoryService history;
    private final TriggerRegistry registry;
    private final ModelLinter linter;
    private final TransactionTemplate transactions;
    private final DSLContext dsl;
    private final org.springframework.beans.factory.ObjectProvider<io.genkend.customer.CustomerProfiles> profiles;
    private final JourneyTriggers triggers;
    private final StartFailures failures;
    /** A retry of one start failure that met a concurrent change is tried again at once, a few times. */
    private final ConcurrencyRetry retry = new ConcurrencyRetry(3, java.time.Duration.ofMillis(50),
            d -> Thread.sleep(d.toMillis()));

    JourneyService(RepositoryService repository, RuntimeService runtime, ManagementService management,
                   HistoryService history, TriggerRegistry registry, ModelLinter linter,
                   TransactionTemplate transactions, DSLContext dsl,
                   org.springframework.beans.factory.ObjectProvider<io.genkend.customer.CustomerProfiles> profiles,
                   JourneyTriggers triggers, StartFailures failures) {
        this.profiles = profiles;
        this.triggers = triggers;
        this.failures = failures;
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.history = history;
        this.registry = registry;
        this.linter = linter;
        this.transactions = transactions;
        this.dsl = dsl;
    }

    private static String slug() {
        return TenantContext.require().camundaTenantId();
    }

    @Override
    public List<JourneyView> list() {
        return repository.createProcessDefinitionQuery().tenantIdIn(slug()).latestVersion()
                .orderByProcessDefinitionKey().asc().list().stream().map(this::view).toList();
    }

    @Override
    public Map<String, JourneyTotals> totals() {
        String slug = slug();
        Map<String, Integer> failed = failures.openCounts();
        Map<String, JourneyTotals> totals = new java.util.TreeMap<>();
        for (ProcessDefinition latest : repository.createProcessDefinitionQuery().tenantIdIn(slug).latestVersion()
                .list()) {
            String key = latest.getKey();
            long running = runtime.createProcessInstanceQuery().tenantIdIn(slug).processDefinitionKey(key).count();
            long incidents = runtime.createIncidentQuery().tenantIdIn(slug).processDefinitionKeyIn(key).count();
            totals.put(key, new JourneyTotals(running, incidents, failed.getOrDefault(key, 0)));
        }
        return totals;
    }

    @Override
    public Optional<JourneyView> find(String key) {
        return latest(key).map(this::view);
    }

    @Override
    public List<JourneyView> versions(String key) {
        List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().tenantIdIn(slug())
                .processDefinitionKey(key).orderByProcessDefinitionVersion().desc().list();
        if (definitions.isEmpty()) {
            throw new JourneyNotFoundException("Journey '" + key + "'");
        }
        return definitions.stream().map(this::view).toList();
    }

    @Override
    public String bpmnXml(String key, Integer version) {
        ProcessDefinition definition = definition(key, version);
        try (InputStream in = repository.getProcessModel(definition.getId())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Finding> validate(String fileName, byte[] content) {
        checkName(fileName);
        List<Finding> findings = linter.lint(fileName, content);
        try {
            transactions.executeWithoutResult(status -> {
                status.setRollbackOnly();
                engineDeploy(fileName, content, false);
            });
        } catch (JourneyRejectedException engine) {
            // the engine's reasons first, then Genkend's own findings on the same model
            List<Finding> all = new ArrayList<>(engine.findings());
            all.addAll(findings);
            throw new JourneyRejectedException(engine.getMessage(), all);
        }
        refuseOnErrors(fileName, findings);
        return findings;
    }

    @Override
    public Deployed deploy(String fileName, byte[] content) {
        List<Finding> findings = checked(fileName, content);
        boolean dmn = fileName.endsWith(".dmn");
        List<String> keys = dmn ? List.of() : Journeys.journeyKeys(content);
        Optional<String> unchangedIn = dmn ? Optional.empty() : deploymentIfUnchanged(keys, content);
        String deploymentId;
        if (unchangedIn.isPresent()) {
            deploymentId = unchangedIn.get();
        } else {
            // a BPMN model is compared with its journeys' latest versions above, not by Camunda's duplicate
            // filtering, which compares with the last deployment of the same file name: an older model uploaded
            // again under its old name was taken for unchanged and silently not deployed
            deploymentId = engineDeploy(fileName, content, dmn).getId();
            registry.invalidate(slug());
        }
        List<JourneyView> journeys = new ArrayList<>();
        for (String key : keys) {
            latest(key).map(this::view).ifPresent(journeys::add);
        }
        return new Deployed(deploymentId, journeys, findings, unchangedIn.isPresent());
    }

    /**
     * Deploys a pack's model ({@link PackDeployer}) unless one of its journeys' versions already is this very model
     * (byte for byte): a pack model deployed before is not deployed again, even when a marketer's own version is the
     * latest since — whatever file name the marketer uploaded it under — so that version stays in force; a changed
     * pack model (a new release of the pack) becomes a new version. A DMN model keeps the engine's duplicate
     * filtering by file name.
     *
     * @return whether it was deployed
     * @throws JourneyRejectedException when the engine or a journey rule refuses it
     */
    boolean deployPackModel(String fileName, byte[] content) {
        checked(fileName, content);
        boolean dmn = fileName.endsWith(".dmn");
        List<String> keys = dmn ? List.of() : Journeys.journeyKeys(content);
        if (!keys.isEmpty() && keys.stream().allMatch(key -> anyVersionIs(key, content))) {
            return false;
        }
        engineDeploy(fileName, content, dmn);
        registry.invalidate(slug());
        return true;
    }

    /** @return whether some version of the journey was deployed from exactly this model */
    private boolean anyVersionIs(String key, byte[] content) {
        for (ProcessDefinition version : repository.createProcessDefinitionQuery().tenantIdIn(slug())
                .processDefinitionKey(key).list()) {
            try (InputStream in = repository.getProcessModel(version.getId())) {
                if (java.util.Arrays.equals(in.readAllBytes(), content)) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * @return the deployment of the journeys' latest versions when every executable process of the model has a
     *         latest version whose model is this very content (byte for byte), so that deploying it again would
     *         change nothing; empty otherwise (a new version is due)
     */
    private Optional<String> deploymentIfUnchanged(List<String> keys, byte[] content) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        String deploymentId = null;
        for (String key : keys) {
            Optional<ProcessDefinition> latest = latest(key);
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = repository.getProcessModel(latest.get().getId())) {
                if (!java.util.Arrays.equals(in.readAllBytes(), content)) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            deploymentId = latest.get().getDeploymentId();
        }
        return Optional.of(deploymentId);
    }

    /**
     * @return the linter's findings on a model that may be deployed (warnings)
     * @throws JourneyRejectedException for a file name not allowed or a model that breaks a journey rule
     */
    private List<Finding> checked(String fileName, byte[] content) {
        checkName(fileName);
        List<Finding> findings = linter.lint(fileName, content);
        refuseOnErrors(fileName, findings);
        return findings;
    }

    /** Refuses a model that breaks a journey rule ({@link ModelLinter}'s errors), with all its findings. */
    private static void refuseOnErrors(String fileName, List<Finding> findings) {
        List<Finding> errors = findings.stream().filter(Finding::refuses).toList();
        if (!errors.isEmpty()) {
            String element = errors.get(0).elementId() == null ? "" : " (element " + errors.get(0).elementId() + ")";
            log.info("Refused {}: {}{}", fileName, errors.get(0).message(), element);
            throw new JourneyRejectedException("The model breaks a journey rule: " + errors.get(0).message()
                    + element, findings);
        }
    }

    /**
     * Deploys on the engine. A model the engine refuses is the caller's mistake, not the server's: it is logged
     * here in one line at INFO (the engine's own stack trace is demoted to DEBUG by
     * {@link JourneyEnginePlugin}).
     */
    private DeploymentWithDefinitions engineDeploy(String fileName, byte[] content, boolean filterDuplicates) {
        try {
            // enableDuplicateFiltering(boolean) always filters (its argument is "deploy changed resources only"),
            // so it is called only when filtering is wanted
            var builder = repository.createDeployment().tenantId(slug()).name(fileName).source("genkend")
                    .addInputStream(fileName, new ByteArrayInputStream(content));
            if (filterDuplicates) {
                builder.enableDuplicateFiltering(false);
            }
            return builder.deployWithResult();
        } catch (ParseException e) {
            List<Finding> findings = new ArrayList<>();
            e.getResorceReports().forEach(report -> {
                report.getErrors().forEach(p -> findings.add(new Finding(p.getMainElementId(), "error",
                        p.getMessage(), line(p.getLine()))));
                report.getWarnings().forEach(p -> findings.add(new Finding(p.getMainElementId(), "warning",
                        p.getMessage(), line(p.getLine()))));
            });
            log.info("The engine refused {}: {}", fileName, oneLine(e.getMessage()));
            throw new JourneyRejectedException("The engine refused the model: " + e.getMessage(), findings);
        } catch (ProcessEngineException e) {
            log.info("The engine refused {}: {}", fileName, oneLine(e.getMessage()));
            throw new JourneyRejectedException("The engine refused the model: " + e.getMessage(),
                    List.of(new Finding(null, "error", e.getMessage(), null)));
        }
    }

    /** @return a parser line, or {@code null} for the parser's "unknown" (0 or less) */
    private static Integer line(int line) {
        return line > 0 ? line : null;
    }

    /** @return the message on one line (the parser lists its errors on lines of their own) */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static void checkName(String fileName) {
        if (fileName == null || !(fileName.endsWith(".bpmn") || fileName.endsWith(".bpmn20.xml")
                || fileName.endsWith(".dmn") || fileName.endsWith(".dmn11.xml"))) {
            throw new JourneyRejectedException("The file name must end with .bpmn, .bpmn20.xml or .dmn",
                    List.of(new Finding(null, "error", "unsupported file name '" + fileName + "'", null)));
        }
    }

    @Override
    public void suspend(String key) {
        definition(key, null);
        repository.updateProcessDefinitionSuspensionState().byProcessDefinitionKey(key)
                .processDefinitionTenantId(slug()).includeProcessInstances(true).suspend();
        registry.invalidate(slug());
    }

    @Override
    public void activate(String key) {
        definition(key, null);
        repository.updateProcessDefinitionSuspensionState().byProcessDefinitionKey(key)
                .processDefinitionTenantId(slug()).includeProcessInstances(true).activate();
        registry.invalidate(slug());
    }

    @Override
    public List<ActivityStats> stats(String key, Integer version) {
        List<ProcessDefinition> definitions = version != null ? List.of(definition(key, version))
                : repository.createProcessDefinitionQuery().tenantIdIn(slug()).processDefinitionKey(key).list();
        if (definitions.isEmpty()) {
            throw new JourneyNotFoundException("Journey '" + key + "'");
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (ProcessDefinition definition : definitions) {
            for (ActivityStatistics statistics : management.createActivityStatisticsQuery(definition.getId())
                    .includeIncidents().list()) {
                long[] count = counts.computeIfAbsent(statistics.getId(), id -> new long[2]);
                count[0] += statistics.getInstances();
                for (IncidentStatistics incident : statistics.getIncidentStatistics()) {
                    count[1] += incident.getIncidentCount();
                }
            }
        }
        return counts.entrySet().stream().map(e -> new ActivityStats(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .sorted(Comparator.comparing(ActivityStats::activityId)).toList();
    }

    @Override
    public List<IncidentView> incidents(String key) {
        var query = runtime.createIncidentQuery().tenantIdIn(slug());
        if (key != null) {
            definition(key, null);
            query.processDefinitionKeyIn(key);
        }
        Map<String, ProcessDefinition> definitions = new HashMap<>();
        Map<String, String> businessKeys = new HashMap<>();
        return query.orderByIncidentTimestamp().desc().list().stream().map(incident -> {
            ProcessDefinition definition = definitions.computeIfAbsent(incident.getProcessDefinitionId(),
                    id -> repository.getProcessDefinition(id));
            // an incident of a timer start job belongs to no instance yet
            String businessKey = incident.getProcessInstanceId() == null ? ""
                    : businessKeys.computeIfAbsent(incident.getProcessInstanceId(), id -> {
                ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(id).singleResult();
                return instance == null ? "" : String.valueOf(instance.getBusinessKey());
            });
            return new IncidentView(incident.getId(), definition.getKey(), definition.getVersion(),
                    incident.getActivityId(), incident.getProcessInstanceId(), businessKey,
                    incident.getIncidentType(), incident.getIncidentMessage(), cause(incident),
                    incident.getIncidentTimestamp().toInstant());
        }).toList();
    }

    @Override
    public List<StartFailureView> startFailures(String key, int limit) {
        if (key != null) {
            definition(key, null);
        }
        return failures.open(key, limit);
    }

    @Override
    public RetryOutcome retryStartFailures(String key, int limit) {
        ProcessDefinition latest = definition(key, null);
        if (latest.isSuspended()) {
            throw new JourneyNotActiveException(key);
        }
        io.genkend.tenancy.Tenant tenant = TenantContext.require();
        int started = 0;
        int failedAgain = 0;
        int notEntered = 0;
        int notTriggered = 0;
        int busy = 0;
        for (UUID id : failures.openIds(key, Math.max(1, Math.min(limit, 1000)))) {
            JourneyTriggers.Retried[] outcome = new JourneyTriggers.Retried[1];
            try {
                retry.run("Retry of start failure " + id, () -> outcome[0] = triggers.retryStart(tenant, key, id));
            } catch (RuntimeException e) {
                if (!ConcurrencyRetry.isTransient(e)) {
                    throw e;
                }
                log.info("Retry of start failure {} of journey {} met a concurrent change: {}", id, key,
                        e.getMessage());
                busy++;
                continue;
            }
            switch (outcome[0]) {
                case STARTED -> started++;
                case FAILED_AGAIN -> failedAgain++;
                case NOT_ENTERED -> notEntered++;
                case NOT_TRIGGERED -> notTriggered++;
                case GONE -> { }
            }
        }
        return new RetryOutcome(started, failedAgain, notEntered, notTriggered, busy, failures.openCount(key));
    }

    /** @return the root cause of a failed job: the last "Caused by" of its stack trace, or its first lines */
    private String cause(Incident incident) {
        if (!Incident.FAILED_JOB_HANDLER_TYPE.equals(incident.getIncidentType())
                || incident.getConfiguration() == null) {
            return null;
        }
        String trace;
        try {
            trace = management.getJobExceptionStacktrace(incident.getConfiguration());
        } catch (ProcessEngineException e) {
            return null;
        }
        if (trace == null) {
            return null;
        }
        String[] lines = trace.split("\\R");
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Caused by:")) {
                start = i;
            }
        }
        StringBuilder cause = new StringBuilder();
        for (int i = start; i < Math.min(lines.length, start + 3); i++) {
            cause.append(lines[i].trim()).append('\n');
        }
        return cause.toString().trim();
    }

    @Override
    public String startTestRun(String key, String eventName, String customerId, Map<String, Object> properties) {
        ProcessDefinition definition = definition(key, null);
        if (customerId != null && !customerExists(customerId)) {
            throw new JourneyNotFoundException("Customer '" + customerId + "'");
        }
        JourneyModel model = registry.model(definition);
        Map<String, Object> variables = new HashMap<>();
        if (properties != null) {
            properties.forEach((name, value) -> variables.put(name, value instanceof Map || value instanceof List
                    ? String.valueOf(value) : value));
        }
        variables.put(StepExecution.DRY_RUN, true);
        if (customerId != null) {
            variables.put("customerId", customerId);
        }
        String businessKey = "test-run:" + UUID.randomUUID();
        String message = model.startMessages().stream()
                .filter(m -> eventName == null || JourneyModel.eventName(m).equals(eventName)).findFirst()
                .orElse(null);
        try {
            return JourneyEnginePlugin.QuietRefusals.isolated(() -> {
                if (message != null) {
                    variables.put("eventName", JourneyModel.eventName(message));
                    return runtime.createMessageCorrelation(message)
                            .processDefinitionId(definition.getId()).processInstanceBusinessKey(businessKey)
                            .setVariables(variables).correlateStartMessage().getId();
                }
                return runtime.startProcessInstanceById(definition.getId(), businessKey, variables).getId();
            });
        } catch (org.camunda.bpm.engine.ProcessEngineException e) {
            if (ConcurrencyRetry.isTransient(e)) {
                throw e;
            }
            // the same failure an event's start would record as a start failure (StartFailures)
            log.info("Test run of journey {} failed before its first wait: {}", key, StartFailures.message(e));
            throw io.genkend.api.ProblemTypes.problem(org.springframework.http.HttpStatus.UNPROCESSABLE_ENTITY,
                    "test-run-failed", "The test run failed before its first wait: " + StartFailures.message(e));
        }
    }

    /** @return whether the current tenant has a customer with this profile id (a UUID) */
    private boolean customerExists(String customerId) {
        UUID id;
        try {
            id = UUID.fromString(customerId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return profiles.getObject().find(id).isPresent();
    }

    @Override
    public List<StepTrail> trail(String processInstanceId) {
        if (history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).tenantIdIn(slug())
                .count() == 0) {
            throw new JourneyNotFoundException("Journey instance '" + processInstanceId + "'");
        }
        List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery()
                .processInstanceId(processInstanceId).orderByHistoricActivityInstanceStartTime().asc()
                .orderPartiallyByOccurrence().asc().list();
        return activities.stream().map(a -> new StepTrail(a.getActivityId(), a.getActivityName(),
                a.getActivityType(), a.getStartTime().toInstant(),
                a.getEndTime() == null ? null : a.getEndTime().toInstant())).toList();
    }

    @Override
    public List<InstanceView> instancesOf(String customerId) {
        return history.createHistoricProcessInstanceQuery().tenantIdIn(slug()).processInstanceBusinessKey(customerId)
                .orderByProcessInstanceStartTime().desc().list().stream().map(i -> new InstanceView(i.getId(),
                        i.getProcessDefinitionKey(), i.getProcessDefinitionVersion(), i.getState(),
                        i.getStartTime().toInstant(), i.getEndTime() == null ? null : i.getEndTime().toInstant(),
                        i.getDeleteReason())).toList();
    }

    private Optional<ProcessDefinition> latest(String key) {
        return Optional.ofNullable(repository.createProcessDefinitionQuery().tenantIdIn(slug())
                .processDefinitionKey(key).latestVersion().singleResult());
    }

    private ProcessDefinition definition(String key, Integer version) {
        if (version != null && version < 1) {
            // versions count from 1; the engine would throw "version is not greater than 0" (a 500)
            throw new JourneyNotFoundException("Journey '" + key + "' version " + version);
        }
        var query = repository.createProcessDefinitionQuery().tenantIdIn(slug()).processDefinitionKey(key);
        ProcessDefinition definition = version == null ? query.latestVersion().singleResult()
                : query.processDefinitionVersion(version).singleResult();
        if (definition == null) {
            throw new JourneyNotFoundException("Journey '" + key + "'" + (version == null ? "" : " version " + version));
        }
        return definition;
    }

    private JourneyView view(ProcessDefinition definition) {
        JourneyModel model = registry.model(definition);
        long running = runtime.createProcessInstanceQuery().processDefinitionId(definition.getId()).count();
        long incidents = runtime.createIncidentQuery().processDefinitionId(definition.getId()).count();
        long conversions = dsl.fetchCount(JOURNEY_CONVERSION, JOURNEY_CONVERSION.JOURNEY_KEY.eq(definition.getKey()));
        EntryRule rule = model.entryRule();
        return new JourneyView(definition.getKey(), definition.getName() == null ? definition.getKey()
                : definition.getName(), definition.getVersion(), definition.getId(), definition.isSuspended(),
                model.triggers(), rule, model.exitEvent(), running, incidents, conversions);
    }
}
