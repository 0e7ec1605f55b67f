package io.genkend.journey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current tenant's journeys (BPMN process definitions on the embedded Camunda engine): listing, deploying new
 * versions, suspending and activating, and watching them run. Every method works for the tenant in
 * {@link io.genkend.tenancy.TenantContext}; another tenant's journey is never found (empty or
 * {@link JourneyNotFoundException}).
 */
public interface Journeys {

    /**
     * @param model a BPMN model's bytes
     * @return the ids of its executable processes, in document order: the journeys it deploys; none when it does
     *         not parse (deploying or validating it says why)
     */
    static List<String> journeyKeys(byte[] model) {
        try {
            return org.camunda.bpm.model.bpmn.Bpmn.readModelFromStream(new java.io.ByteArrayInputStream(model))
                    .getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).stream()
                    .filter(org.camunda.bpm.model.bpmn.instance.Process::isExecutable)
                    .map(org.camunda.bpm.model.bpmn.instance.Process::getId).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** @return the latest version of each of the tenant's journeys, by key */
    List<JourneyView> list();

    /**
     * @return per journey key of the tenant, what runs across all its versions (the journeys list page: a
     *         {@link JourneyView} counts its own version only)
     */
    Map<String, JourneyTotals> totals();

    /** @return the latest version of a journey, if the tenant has it */
    Optional<JourneyView> find(String key);

    /**
     * @return every version of a journey, newest first
     * @throws JourneyNotFoundException when the tenant has no such journey
     */
    List<JourneyView> versions(String key);

    /**
     * @param version a version number, or {@code null} for the latest
     * @return the BPMN XML of a journey version
     * @throws JourneyNotFoundException when the tenant has no such journey or version
     */
    String bpmnXml(String key, Integer version);

    /**
     * Checks a model without deploying it: the engine parses it (in a transaction that is rolled back) and every
     * delegate bean and class it names is looked up.
     *
     * @param fileName the resource name, ending {@code .bpmn}, {@code .bpmn20.xml} or {@code .dmn}
     * @param content  the XML
     * @return the findings (empty when the model is clean)
     * @throws JourneyRejectedException when the engine or a journey rule (such as no timer start event) refuses the
     *                                  model, with the reasons and the warnings
     */
    List<Finding> validate(String fileName, byte[] content);

    /**
     * Deploys a model as a new version for the tenant (a BPMN model identical to its journeys' latest versions is not
     * deployed again: {@link Deployed#unchanged()}). New entries go to the new version; running instances finish on
     * theirs.
     *
     * @param fileName the resource name, ending {@code .bpmn}, {@code .bpmn20.xml} or {@code .dmn}
     * @param content  the XML
     * @return the journeys deployed, with findings such as unknown delegate beans
     * @throws JourneyRejectedException when the engine or a journey rule (such as no timer start event) refuses the
     *                                  model, with the reasons; nothing is deployed
     */
    Deployed deploy(String fileName, byte[] content);

    /**
     * Stops new entries into every version of a journey and pauses its running instances.
     *
     * @throws JourneyNotFoundException when the tenant has no such journey
     */
    void suspend(String key);

    /**
     * Resumes a suspended journey: new entries and its running instances.
     *
     * @throws JourneyNotFoundException when the tenant has no such journey
     */
    void activate(String key);

    /**
     * Running instances and open incidents per activity id.
     *
     * @param version a version number, or {@code null} for all versions together
     * @throws JourneyNotFoundException when the tenant has no such journey or version
     */
    List<ActivityStats> stats(String key, Integer version);

    /**
     * @param key a journey key, or {@code null} for every journey of the tenant
     * @return open incidents, newest first, with their cause
     */
    List<IncidentView> incidents(String key);

    /**
     * The open start failures: events for which a journey did not start because its start failed before the first
     * async boundary (the event's other journeys started; see docs/journeys.md, "When a journey does not start").
     *
     * @param key   a journey key, or {@code null} for every journey of the tenant
     * @param limit at most this many (the caller bounds it)
     * @return open start failures, newest first
     * @throws JourneyNotFoundException when {@code key} is given and the tenant has no such journey
     */
    List<StartFailureView> startFailures(String key, int limit);

    /**
     * Feeds the events of a journey's open start failures (oldest first, at most {@code limit}) to the journey's
     * current version again, each in its own transaction under the customer's lock and within the entry rule. A
     * start resolves the failure in the transaction that starts the instance, so one event never starts the journey
     * twice; a start that fails again keeps it open with one more attempt and the new message.
     *
     * @param key   the journey
     * @param limit how many failures to retry at most (1 to 1000)
     * @return what happened to them
     * @throws JourneyNotFoundException  when the tenant has no such journey
     * @throws JourneyNotActiveException when the journey's latest version is suspended
     */
    RetryOutcome retryStartFailures(String key, int limit);

    /**
     * Starts a test run of a journey's latest version for a sample event: the instance carries
     * {@code genkendDryRun = true}, so every step of the library records what it would do instead of deciding,
     * sending or calling anything real. Entry rules do not apply; the business key is {@code test-run:<uuid>}.
     *
     * @param key        the journey
     * @param eventName  the trigger's event name (without {@code event:}); {@code null} for the first trigger
     * @param customerId the customer to pretend for, or {@code null}
     * @param properties the sample event's properties
     * @return the process instance id of the test run
     * @throws JourneyNotFoundException when the tenant has no such journey, or {@code customerId} is given and is
     *                                   not the profile id of one of the tenant's customers
     * @throws org.springframework.web.ErrorResponseException 422 {@code test-run-failed} with the engine's message
     *                                   when the run fails before its first wait (what an event's start records as
     *                                   a start failure)
     */
    String startTestRun(String key, String eventName, String customerId, Map<String, Object> properties);

    /**
     * @return the activities an instance of the tenant has passed so far, in order
     * @throws JourneyNotFoundException when the tenant has no such instance
     */
    List<StepTrail> trail(String processInstanceId);

    /**
     * @param customerId the customer (the instances' business key)
     * @return the customer's journey instances of the tenant, running and ended, newest first
     */
    List<InstanceView> instancesOf(String customerId);

    /**
     * A customer's journey instance.
     *
     * @param processInstanceId the instance
     * @param journeyKey        the journey
     * @param version           the version it runs on
     * @param state             Camunda's state: {@code ACTIVE}, {@code SUSPENDED}, {@code COMPLETED},
     *                          {@code EXTERNALLY_TERMINATED} (such as a conversion), {@code INTERNALLY_TERMINATED}
     * @param startedAt         start
     * @param endedAt           end, or {@code null} while running
     * @param endReason         why it ended ({@code converted: <event>} for a conversion), or {@code null}
     */
    record InstanceView(String processInstanceId, String journeyKey, Integer version, String state,
                        java.time.Instant startedAt, java.time.Instant endedAt, String endReason) {
    }

    /**
     * A journey version as listed.
     *
     * @param key          process definition key (the journey's id in URLs)
     * @param name         process name, or the key
     * @param version      version number (1, 2, ...)
     * @param definitionId Camunda process definition id
     * @param suspended    whether new entries are stopped
     * @param triggers     event names of its message start events ({@code event:<name>} without the prefix)
     * @param entryRule    its entry rule
     * @param exitEvent    the event that ends an instance and counts as a conversion, or {@code null}
     * @param running      running instances of this version
     * @param incidents    open incidents of this version
     * @param conversions  conversions counted for the journey (all versions)
     */
    record JourneyView(String key, String name, int version, String definitionId, boolean suspended,
                       List<String> triggers, EntryRule entryRule, String exitEvent, long running, long incidents,
                       long conversions) {
    }

    /**
     * A journey across all its versions.
     *
     * @param running           running instances of every version
     * @param incidents         open incidents of every version
     * @param openStartFailures open start failures ({@link #startFailures}) of the journey
     */
    record JourneyTotals(long running, long incidents, int openStartFailures) {
    }

    /**
     * The outcome of a deployment.
     *
     * @param deploymentId Camunda deployment id
     * @param journeys     the journey versions now current (the new ones, or the existing ones when unchanged)
     * @param findings     validation findings that do not stop the deployment (such as unknown delegate beans)
     * @param unchanged    {@code true} when nothing was deployed because every journey of the BPMN model already has
     *                     this very model as its latest version ({@code journeys} are those versions; the API answers
     *                     200 instead of 201); {@code false} when a deployment was made
     */
    record Deployed(String deploymentId, List<JourneyView> journeys, List<Finding> findings, boolean unchanged) {
    }

    /**
     * One finding about a model.
     *
     * @param elementId the BPMN element, or {@code null} for the whole resource
     * @param severity  {@code error} (refused: by the engine, or by Genkend's journey rules such as "no timer start
     *                  event") or {@code warning} (deploys, but will fail at run time)
     * @param message   what is wrong
     * @param line      line of the element in the XML (from 1), or {@code null} when unknown (then left out of the
     *                  JSON)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Finding(String elementId, String severity, String message, Integer line) {

        /** @return whether this finding refuses the model */
        public boolean refuses() {
            return "error".equals(severity);
        }
    }

    /**
     * Live counts of one activity.
     *
     * @param activityId the BPMN element id
     * @param instances  tokens waiting at or executing the activity
     * @param incidents  open incidents at the activity
     */
    record ActivityStats(String activityId, long instances, long incidents) {
    }

    /**
     * An open incident.
     *
     * @param id                incident id
     * @param journeyKey        the journey
     * @param version           the journey version
     * @param activityId        where it happened
     * @param processInstanceId the instance
     * @param customerId        the instance's business key (the customer)
     * @param type              Camunda incident type, such as {@code failedJob}
     * @param message           the exception message
     * @param cause             the first lines of the stack trace (the root cause), or {@code null}
     * @param at                when it happened
     */
    record IncidentView(String id, String journeyKey, int version, String activityId, String processInstanceId,
                        String customerId, String type, String message, String cause, java.time.Instant at) {
    }

    /**
     * An event for which a journey did not start: its start failed before the first async boundary.
     *
     * @param id           the failure's id
     * @param journeyKey   the journey
     * @param version      the version whose start failed (the latest attempt's)
     * @param definitionId its Camunda process definition id
     * @param eventId      the event
     * @param eventName    the event's name
     * @param customerId   the customer (profile id)
     * @param message      what went wrong: the engine's message, with the root cause when it says more
     * @param failedAt     when the latest attempt failed
     * @param attempts     how many times the start failed for this event (1 for the event itself, plus retries)
     */
    record StartFailureView(java.util.UUID id, String journeyKey, int version, String definitionId,
                            java.util.UUID eventId, String eventName, java.util.UUID customerId, String message,
                            java.time.Instant failedAt, int attempts) {
    }

    /**
     * The outcome of {@link #retryStartFailures} (serializable: the journey page carries it in a flash attribute,
     * and sessions live in Redis).
     *
     * @param started      failures whose journey started now (resolved)
     * @param failedAgain  failures whose start failed again (still open, one more attempt)
     * @param notEntered   failures resolved without a start because the entry rule no longer lets the customer in
     *                     (such as a running instance under {@code reentry-after-exit})
     * @param notTriggered failures left open because the current version no longer starts on the event's name
     * @param busy         failures left open because a concurrent change got in the way (try again)
     * @param open         open failures of the journey after the retry
     */
    record RetryOutcome(int started, int failedAgain, int notEntered, int notTriggered, int busy, int open)
            implements java.io.Serializable {
    }

    /**
     * One activity an instance has passed.
     *
     * @param activityId   BPMN element id
     * @param activityName element name, or {@code null}
     * @param activityType BPMN type, such as {@code serviceTask}
     * @param startedAt    when the token arrived
     * @param endedAt      when it left, or {@code null} while there
     */
    record StepTrail(String activityId, String activityName, String activityType, java.time.Instant startedAt,
                     java.time.Instant endedAt) {
    }
}
