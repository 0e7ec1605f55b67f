package io.genkend.journey;

import io.genkend.event.EventAccepted;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.task.TaskCreated;
import io.genkend.task.Tasks;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Triggering: an accepted event (Spring Modulith publication, after commit) starts the tenant's journeys for the
 * customer, exactly once even when it is delivered again (as after a crash and restart), within the entry rules,
 * ends instances on their exit event as conversions, never crosses tenants; a journey whose start fails does not
 * keep the event's other journeys from starting, is listed as a start failure and starts once when retried after a
 * fix, while a concurrent change still retries the whole event; and the latency of one async hop.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class JourneyTriggeringIT {

    private static final Logger log = LoggerFactory.getLogger(JourneyTriggeringIT.class);

    @Autowired Journeys journeys;
    @Autowired Tasks tasks;
    @Autowired RuntimeService runtime;
    @Autowired HistoryService history;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    @Autowired TestTenants testTenants;
    @Autowired JdbcTemplate jdbc;
    @Autowired org.jooq.DSLContext dsl;
    @Autowired RecordedJourneyEvents recorded;
    @Autowired org.springframework.modulith.events.IncompleteEventPublications incomplete;
    @Autowired List<io.genkend.customer.ErasureParticipant> erasure;
    @Autowired FlakyTestStep flaky;

    TestTenant tenant;
    UUID customer;

    @BeforeEach
    void tenant() {
        tenant = testTenants.create("trigger", null);
        customer = UUID.randomUUID();
    }

    private void deploy(Tenant who, String name, byte[] model) {
        TenantContext.runAs(who, () -> journeys.deploy(name + ".bpmn", model));
    }

    private UUID accept(Tenant who, String eventName) {
        UUID eventId = UUID.randomUUID();
        accept(who, eventId, eventName);
        return eventId;
    }

    private void accept(Tenant who, UUID eventId, String eventName) {
        transactions.executeWithoutResult(s -> events.publishEvent(new EventAccepted(who, eventId, customer,
                eventName, Map.of("source", "test", "amount", new java.math.BigDecimal("12.50"),
                "nested", Map.of("a", 1)), Instant.now())));
    }

    /** Waits until the journey module has handled every delivery of an event (its publications are complete). */
    private void awaitHandled(UUID eventId, int deliveries) {
        await().atMost(JourneyTestKit.PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from event_publication where completion_date is not null"
                        + " and listener_id like '%JourneyTriggerListener%' and serialized_event like ?",
                Integer.class, "%" + eventId + "%") >= deliveries);
    }

    private long running(String key) {
        return runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug()).processDefinitionKey(key)
                .processInstanceBusinessKey(customer.toString()).count();
    }

    private long ever(String key) {
        return history.createHistoricProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey(key).processInstanceBusinessKey(customer.toString()).count();
    }

    private void completeWork() {
        TenantContext.runAs(tenant.tenant(), () -> tasks.list(new Tasks.TaskFilter(Set.of("service"), null, false))
                .stream().filter(t -> customer.toString().equals(t.customerId()))
                .forEach(t -> tasks.complete(t.id(), Map.of())));
    }

    private boolean processed(UUID eventId) {
        return jdbc.queryForObject("select count(*) from journey_processed_event where event_id = ?", Integer.class,
                eventId) > 0;
    }

    @Test
    void anEventNoJourneyReactsToIsSkippedButAnOlderVersionsWaitStillGetsIt() {
        deploy(tenant.tenant(), "skipping", TestModels.catchingJourney("skipping", "skip.start", "skip.later"));
        UUID ignored = accept(tenant.tenant(), "nobody.listens");
        UUID started = accept(tenant.tenant(), "skip.start");
        awaitHandled(started, 1);
        assertThat(processed(started)).isTrue();
        assertThat(processed(ignored)).as("never fed to the journeys").isFalse();
        assertThat(jdbc.queryForObject("select count(*) from event_publication where listener_id like"
                + " '%JourneyTriggerListener%' and serialized_event like ?", Integer.class, "%" + ignored + "%"))
                .as("no publication is recorded for an event no journey reacts to").isZero();
        assertThat(running("skipping")).isEqualTo(1);

        // version 2 no longer waits for skip.later, but the running instance of version 1 still does
        deploy(tenant.tenant(), "skipping", TestModels.catchingJourney("skipping", "skip.start", null));
        UUID later = accept(tenant.tenant(), "skip.later");
        awaitHandled(later, 1);
        assertThat(processed(later)).isTrue();
        await().atMost(JourneyTestKit.PATIENCE).until(() -> running("skipping") == 0);
        assertThat(ever("skipping")).isEqualTo(1);

        // a journey deployed later makes the name matter at once (the registry is rebuilt after the deployment)
        deploy(tenant.tenant(), "listens-now", TestModels.waitingJourney("listens-now", "nobody.listens",
                "any-time", ""));
        UUID now = accept(tenant.tenant(), "nobody.listens");
        awaitHandled(now, 1);
        assertThat(processed(now)).isTrue();
        assertThat(running("listens-now")).isEqualTo(1);
    }

    @Test
    void aMessageForAWaitOnlyAnOlderVersionHasIsKeptForItsInstances() {
        deploy(tenant.tenant(), "early", TestModels.taskThenCatchJourney("early", "early.start", "early.later"));
        awaitHandled(accept(tenant.tenant(), "early.start"), 1);
        assertThat(running("early")).isEqualTo(1);
        // version 2 drops the wait; the instance of version 1 is still at its task, before the wait
        deploy(tenant.tenant(), "early", TestModels.catchingJourney("early", "early.start", null));

        UUID later = accept(tenant.tenant(), "early.later");
        awaitHandled(later, 1);
        var pending = io.genkend.schema.Tables.JOURNEY_PENDING_MESSAGE;
        boolean kept = TenantContext.callAs(tenant.tenant(), () -> transactions.execute(s -> dsl.fetchExists(
                pending, pending.CUSTOMER_ID.eq(customer).and(pending.MESSAGE_NAME.eq("event:early.later")))));
        assertThat(kept).as("kept for the instance of version 1").isTrue();

        completeWork();
        await().atMost(JourneyTestKit.PATIENCE).until(() -> running("early") == 0);
        assertThat(ever("early")).isEqualTo(1);
    }

    @Test
    void anEventDeliveredTwiceStartsTheJourneyOnce() {
        deploy(tenant.tenant(), "twice", TestModels.waitingJourney("twice", "thing.happened", "any-time", ""));
        UUID eventId = UUID.randomUUID();
        accept(tenant.tenant(), eventId, "thing.happened");
        accept(tenant.tenant(), eventId, "thing.happened");
        awaitHandled(eventId, 2);
        assertThat(running("twice")).isEqualTo(1);
        ProcessInstance instance = runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("twice").singleResult();
        assertThat(instance.getBusinessKey()).isEqualTo(customer.toString());
        assertThat(runtime.getVariable(instance.getId(), "amount")).isEqualTo(12.5);
        assertThat(runtime.getVariable(instance.getId(), "nested")).isEqualTo("{\"a\":1}");
        assertThat(runtime.getVariable(instance.getId(), "eventId")).isEqualTo(eventId.toString());
    }

    private List<Journeys.StartFailureView> startFailures(String key) {
        return TenantContext.callAs(tenant.tenant(), () -> journeys.startFailures(key, 100));
    }

    private Journeys.RetryOutcome retry(String key) {
        return TenantContext.callAs(tenant.tenant(), () -> journeys.retryStartFailures(key, 100));
    }

    @Test
    void aFailedStartIsRecordedAndARetryAfterAFixStartsTheJourneyOnce(CapturedOutput output) {
        int before = output.getAll().length();
        deploy(tenant.tenant(), "retry", TestModels.brokenJourney("retry", "retry.me"));
        UUID eventId = UUID.randomUUID();
        accept(tenant.tenant(), eventId, "retry.me");
        // the delivery completes: the failed start is recorded, not left in the publication registry
        awaitHandled(eventId, 1);
        assertThat(processed(eventId)).isTrue();
        assertThat(ever("retry")).isZero();
        assertThat(startFailures("retry")).singleElement().satisfies(failure -> {
            assertThat(failure.eventId()).isEqualTo(eventId);
            assertThat(failure.eventName()).isEqualTo("retry.me");
            assertThat(failure.customerId()).isEqualTo(customer);
            assertThat(failure.version()).isEqualTo(1);
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(failure.message()).contains("nobodySetsThis");
        });
        // one WARN line, not the engine's ERROR with its stack trace
        String logged = output.getAll().substring(before);
        assertThat(logged.lines().filter(line -> line.contains(eventId.toString()))).singleElement()
                .satisfies(line -> assertThat(line).contains("WARN", "Journey retry (version 1) did not start"));
        assertThat(logged.lines().filter(line -> line.contains("ENGINE-16004")
                || line.contains("\tat org.camunda"))).as("no ERROR of the engine with its stack trace").isEmpty();

        // not fixed yet: the retry fails again and counts the attempt
        Journeys.RetryOutcome again = retry("retry");
        assertThat(again.failedAgain()).isEqualTo(1);
        assertThat(again.started()).isZero();
        assertThat(startFailures("retry")).singleElement()
                .satisfies(failure -> assertThat(failure.attempts()).isEqualTo(2));

        deploy(tenant.tenant(), "retry", TestModels.waitingJourney("retry", "retry.me", "any-time", ""));
        Journeys.RetryOutcome fixed = retry("retry");
        assertThat(fixed.started()).isEqualTo(1);
        assertThat(fixed.open()).isZero();
        assertThat(running("retry")).isEqualTo(1);
        ProcessInstance instance = runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("retry").singleResult();
        assertThat(runtime.getVariable(instance.getId(), "eventId")).isEqualTo(eventId.toString());
        assertThat(runtime.getVariable(instance.getId(), "amount")).isEqualTo(12.5);
        assertThat(runtime.getVariable(instance.getId(), "nested")).isEqualTo("{\"a\":1}");
        assertThat(startFailures("retry")).isEmpty();

        // neither another retry nor a redelivery of the event starts it again (any-time would let it)
        assertThat(retry("retry").started()).isZero();
        accept(tenant.tenant(), eventId, "retry.me");
        awaitHandled(eventId, 2);
        assertThat(ever("retry")).isEqualTo(1);
    }

    @Test
    void oneBrokenJourneyDoesNotKeepTheEventsOtherJourneysFromStarting() {
        deploy(tenant.tenant(), "broken-one", TestModels.brokenJourney("broken-one", "both.go"));
        deploy(tenant.tenant(), "good-one", TestModels.waitingJourney("good-one", "both.go#good", "any-time", ""));
        deploy(tenant.tenant(), "waits-one", TestModels.catchingJourney("waits-one", "waits.start", "both.go"));
        awaitHandled(accept(tenant.tenant(), "waits.start"), 1);
        assertThat(running("waits-one")).isEqualTo(1);

        UUID eventId = accept(tenant.tenant(), "both.go");
        awaitHandled(eventId, 1);
        assertThat(processed(eventId)).isTrue();
        assertThat(running("good-one")).as("the other journey started").isEqualTo(1);
        assertThat(ever("waits-one")).isEqualTo(1);
        assertThat(running("waits-one")).as("the waiting instance got the event").isZero();
        assertThat(ever("broken-one")).isZero();
        assertThat(recorded.of(JourneyEntered.class)).filteredOn(e -> e.eventId().equals(eventId))
                .extracting(JourneyEntered::journeyKey).containsExactly("good-one");
        assertThat(startFailures(null)).extracting(Journeys.StartFailureView::journeyKey)
                .containsExactly("broken-one");
        assertThat(startFailures("good-one")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from event_publication where completion_date is null"
                + " and listener_id like '%JourneyTriggerListener%' and serialized_event like ?", Integer.class,
                "%" + eventId + "%")).isZero();
    }

    @Test
    void whatAFailedStartPublishedDoesNotReachAfterCommitListeners() {
        deploy(tenant.tenant(), "task-then-broken", TestModels.taskThenBrokenJourney("task-then-broken", "fork.go"));
        deploy(tenant.tenant(), "fork-good", TestModels.waitingJourney("fork-good", "fork.go#good", "any-time", ""));

        UUID eventId = accept(tenant.tenant(), "fork.go");
        awaitHandled(eventId, 1);

        assertThat(startFailures("task-then-broken")).hasSize(1);
        assertThat(running("fork-good")).as("the event's other journey started and committed").isEqualTo(1);
        List<String> created = recorded.of(TaskCreated.class).stream()
                .filter(t -> "task-then-broken".equals(t.journeyKey())).map(TaskCreated::taskId).toList();
        assertThat(created).as("the failed start created its task before failing").hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from act_ru_task where id_ = ?", Integer.class,
                created.get(0))).as("and the savepoint removed it again").isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recorded.committedTasks())
                .as("the other journey's task reached the after-commit listener")
                .anySatisfy(t -> assertThat(t.journeyKey()).isEqualTo("fork-good")));
        assertThat(recorded.committedTasks()).extracting(TaskCreated::taskId)
                .as("an after-commit listener never hears of the task that was rolled back").doesNotContain(created.get(0));
    }

    @Test
    void aTransientFailureOfOneStartStillRetriesTheWholeEvent() {
        deploy(tenant.tenant(), "flaky-one", TestModels.flakyJourney("flaky-one", "flaky.go"));
        deploy(tenant.tenant(), "steady-one", TestModels.waitingJourney("steady-one", "flaky.go#steady", "any-time",
                ""));
        flaky.fail("flaky-one", 2);
        UUID eventId = accept(tenant.tenant(), "flaky.go");
        awaitHandled(eventId, 1);
        assertThat(flaky.calls("flaky-one")).as("the event was fed three times").isEqualTo(3);
        assertThat(running("flaky-one")).isEqualTo(1);
        assertThat(ever("steady-one")).as("started once: the failed attempts were rolled back").isEqualTo(1);
        assertThat(startFailures(null)).as("a concurrent change is no start failure").isEmpty();
    }

    @Test
    void aRetryOfASuspendedJourneyIsRefusedAndOfAnotherTenantsJourneyNotFound() {
        deploy(tenant.tenant(), "held-back", TestModels.brokenJourney("held-back", "held.back"));
        UUID eventId = accept(tenant.tenant(), "held.back");
        awaitHandled(eventId, 1);
        assertThat(startFailures("held-back")).hasSize(1);
        TenantContext.runAs(tenant.tenant(), () -> journeys.suspend("held-back"));
        assertThatThrownBy(() -> retry("held-back")).isInstanceOf(JourneyNotActiveException.class);

        TestTenant other = testTenants.create("trigger-foreign", null);
        assertThatThrownBy(() -> TenantContext.callAs(other.tenant(), () -> journeys.startFailures("held-back", 100)))
                .isInstanceOf(JourneyNotFoundException.class);
        assertThatThrownBy(() -> TenantContext.callAs(other.tenant(),
                () -> journeys.retryStartFailures("held-back", 100))).isInstanceOf(JourneyNotFoundException.class);
        assertThat(TenantContext.callAs(other.tenant(), () -> journeys.startFailures(null, 100))).isEmpty();
        assertThat(startFailures("held-back")).singleElement()
                .satisfies(failure -> assertThat(failure.attempts()).isEqualTo(1));
    }

    @Test
    void erasingTheCustomerRemovesTheirInstancesAndHistory() {
        deploy(tenant.tenant(), "erase", TestModels.waitingJourney("erase", "go", "any-time", ""));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("erase")).isEqualTo(1);
        transactions.executeWithoutResult(s -> TenantContext.runAs(tenant.tenant(),
                () -> erasure.forEach(participant -> participant.erase(customer))));
        assertThat(ever("erase")).isZero();
    }

    @Test
    void erasingTheCustomerDeletesTheirIncompletePublications() {
        // a start that keeps meeting a concurrent change leaves the publication incomplete, for the next start
        deploy(tenant.tenant(), "erase-retry", TestModels.flakyJourney("erase-retry", "erase.retry"));
        flaky.fail("erase-retry", 1000);
        UUID eventId = accept(tenant.tenant(), "erase.retry");
        UUID otherCustomer = UUID.randomUUID();
        UUID otherEvent = UUID.randomUUID();
        transactions.executeWithoutResult(s -> events.publishEvent(new EventAccepted(tenant.tenant(), otherEvent,
                otherCustomer, "erase.retry", Map.of("mentions", customer.toString()), Instant.now())));
        String incompleteOf = "select count(*) from event_publication where completion_date is null"
                + " and listener_id like '%JourneyTriggerListener%' and serialized_event like ?";
        await().atMost(JourneyTestKit.PATIENCE).until(() ->
                jdbc.queryForObject(incompleteOf, Integer.class, "%" + eventId + "%") == 1
                        && jdbc.queryForObject(incompleteOf, Integer.class, "%" + otherEvent + "%") == 1
                        && flaky.calls("erase-retry") >= 10);

        transactions.executeWithoutResult(s -> TenantContext.runAs(tenant.tenant(),
                () -> erasure.forEach(participant -> participant.erase(customer))));
        assertThat(jdbc.queryForObject(incompleteOf, Integer.class, "%" + eventId + "%")).isZero();
        assertThat(jdbc.queryForObject(incompleteOf, Integer.class, "%" + otherEvent + "%"))
                .as("another customer's publication that mentions the erased one stays").isEqualTo(1);

        // a resubmission at the next start finds nothing of the erased customer to start a journey for
        flaky.fail("erase-retry", 0);
        incomplete.resubmitIncompletePublications(publication ->
                publication.getEvent() instanceof EventAccepted accepted && accepted.eventId().equals(eventId));
        assertThat(processed(eventId)).isFalse();
        assertThat(ever("erase-retry")).isZero();
    }

    @Test
    void erasingTheCustomerDeletesTheirStartFailures() {
        deploy(tenant.tenant(), "erase-failed", TestModels.brokenJourney("erase-failed", "erase.failed"));
        UUID eventId = accept(tenant.tenant(), "erase.failed");
        UUID otherCustomer = UUID.randomUUID();
        UUID otherEvent = UUID.randomUUID();
        transactions.executeWithoutResult(s -> events.publishEvent(new EventAccepted(tenant.tenant(), otherEvent,
                otherCustomer, "erase.failed", Map.of("mentions", customer.toString()), Instant.now())));
        awaitHandled(eventId, 1);
        awaitHandled(otherEvent, 1);
        assertThat(startFailures("erase-failed")).hasSize(2);

        transactions.executeWithoutResult(s -> TenantContext.runAs(tenant.tenant(),
                () -> erasure.forEach(participant -> participant.erase(customer))));
        assertThat(jdbc.queryForObject("select count(*) from journey_start_failure where customer_id = ?",
                Integer.class, customer)).as("resolved or not, none is kept").isZero();
        assertThat(startFailures("erase-failed")).extracting(Journeys.StartFailureView::customerId)
                .containsExactly(otherCustomer);

        // after the fix, the retry starts the journey for the other customer only
        deploy(tenant.tenant(), "erase-failed", TestModels.waitingJourney("erase-failed", "erase.failed",
                "any-time", ""));
        assertThat(retry("erase-failed").started()).isEqualTo(1);
        assertThat(ever("erase-failed")).isZero();
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(tenant.tenant().slug())
                .processDefinitionKey("erase-failed").processInstanceBusinessKey(otherCustomer.toString()).count())
                .isEqualTo(1);
    }

    @Test
    void reentryAfterExitIsTheDefault() {
        deploy(tenant.tenant(), "after", TestModels.waitingJourney("after", "go", "", ""));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("after")).isEqualTo(1);
        completeWork();
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("after")).isEqualTo(1);
        assertThat(ever("after")).isEqualTo(2);
    }

    @Test
    void noReentryMeansOnceEver() {
        deploy(tenant.tenant(), "once", TestModels.waitingJourney("once", "go", "no-reentry", ""));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        completeWork();
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(ever("once")).isEqualTo(1);
        assertThat(running("once")).isZero();
    }

    @Test
    void anyTimeStartsOnEveryEvent() {
        deploy(tenant.tenant(), "every", TestModels.waitingJourney("every", "go", "any-time", ""));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("every")).isEqualTo(2);
    }

    @Test
    void theExitEventEndsTheInstanceAsAConversion() {
        deploy(tenant.tenant(), "goal", TestModels.waitingJourney("goal", "go", "", "goal.reached"));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("goal")).isEqualTo(1);
        awaitHandled(accept(tenant.tenant(), "goal.reached"), 1);
        assertThat(running("goal")).isZero();
        TenantContext.runAs(tenant.tenant(), () -> {
            assertThat(journeys.find("goal").orElseThrow().conversions()).isEqualTo(1);
            assertThat(journeys.instancesOf(customer.toString())).singleElement().satisfies(instance -> {
                assertThat(instance.journeyKey()).isEqualTo("goal");
                assertThat(instance.endReason()).isEqualTo("converted: goal.reached");
            });
        });
        assertThat(recorded.of(JourneyEntered.class)).anySatisfy(e -> {
            assertThat(e.journeyKey()).isEqualTo("goal");
            assertThat(e.customerId()).isEqualTo(customer);
        });
        assertThat(recorded.of(JourneyConverted.class)).anySatisfy(e -> {
            assertThat(e.journeyKey()).isEqualTo("goal");
            assertThat(e.eventName()).isEqualTo("goal.reached");
        });
    }

    @Test
    void aSuspendedJourneyTakesNoEntries() {
        deploy(tenant.tenant(), "paused", TestModels.waitingJourney("paused", "go", "any-time", ""));
        TenantContext.runAs(tenant.tenant(), () -> journeys.suspend("paused"));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("paused")).isZero();
        TenantContext.runAs(tenant.tenant(), () -> journeys.activate("paused"));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("paused")).isEqualTo(1);
    }

    @Test
    void anInstanceOfASuspendedJourneyDoesNotGetTheEventAndOtherJourneysStillStart() {
        deploy(tenant.tenant(), "held", TestModels.catchingJourney("held", "held.start", "held.later"));
        awaitHandled(accept(tenant.tenant(), "held.start"), 1);
        assertThat(running("held")).isEqualTo(1);
        TenantContext.runAs(tenant.tenant(), () -> journeys.suspend("held"));
        deploy(tenant.tenant(), "after-held", TestModels.waitingJourney("after-held", "held.later", "any-time", ""));

        UUID later = accept(tenant.tenant(), "held.later");
        awaitHandled(later, 1);
        assertThat(processed(later)).isTrue();
        assertThat(running("after-held")).as("the other journey started").isEqualTo(1);
        assertThat(running("held")).as("the suspended instance still waits").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from journey_pending_message_due(now(), 1000)"
                + " where customer_id = ?", Integer.class, customer))
                .as("kept, but not due for the sweep while the journey is suspended").isZero();

        // activated, the instance gets the message kept meanwhile (the buffer's sweep) and ends
        TenantContext.runAs(tenant.tenant(), () -> journeys.activate("held"));
        await().atMost(JourneyTestKit.PATIENCE).until(() -> running("held") == 0);
        assertThat(ever("held")).isEqualTo(1);
    }

    @Test
    void anEventOfOneTenantNeverStartsAnotherTenantsJourney() {
        TestTenant other = testTenants.create("trigger-other", null);
        deploy(tenant.tenant(), "shared", TestModels.waitingJourney("shared", "go", "any-time", ""));
        deploy(other.tenant(), "shared", TestModels.waitingJourney("shared", "go", "any-time", ""));
        awaitHandled(accept(tenant.tenant(), "go"), 1);
        assertThat(running("shared")).isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().tenantIdIn(other.tenant().slug()).count()).isZero();
    }

    @Test
    void oneHopThroughTheJobExecutorDoesNotWaitOnItsBackOff() throws InterruptedException {
        deploy(tenant.tenant(), "hop", TestModels.oneHop("hop"));
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1500); // let the executor go idle first, as between real events
            ProcessInstance instance = runtime.createProcessInstanceByKey("hop")
                    .processDefinitionTenantId(tenant.tenant().slug()).businessKey(customer.toString())
                    .setVariable(StepExecution.DRY_RUN, true).execute();
            long start = System.nanoTime();
            await().atMost(JourneyTestKit.PATIENCE).pollInterval(Duration.ofMillis(2))
                    .until(() -> runtime.getActiveActivityIds(instance.getId()).contains("wait"));
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(millis);
        log.info("One async hop through the job executor: median {} ms, max {} ms, all {}", millis.get(2),
                millis.get(4), millis);
        assertThat(millis).hasSize(5);
    }

    @Test
    void concurrentEventsOfOneCustomerAreAllHandledWithoutARestart() throws InterruptedException {
        deploy(tenant.tenant(), "busy", TestModels.busyJourney("busy", "basket"));
        List<UUID> ids = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            UUID eventId = UUID.randomUUID();
            ids.add(eventId);
            Thread sender = new Thread(() -> accept(tenant.tenant(), eventId, "basket"));
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        // every delivery completes in this run: a concurrent change of the instance is retried at once, not left
        // in the registry until the next start
        for (UUID eventId : ids) {
            awaitHandled(eventId, 1);
        }
        assertThat(jdbc.queryForObject("select count(*) from event_publication where completion_date is null"
                + " and listener_id like '%JourneyTriggerListener%' and serialized_event like ?", Integer.class,
                "%" + tenant.tenant().id() + "%")).isZero();
        assertThat(ever("busy")).isEqualTo(24);
        assertThat(running("busy")).isEqualTo(1);
        TenantContext.runAs(tenant.tenant(), () ->
                assertThat(journeys.find("busy").orElseThrow().conversions()).isEqualTo(23));
    }
}
