package io.genkend.journey;

import io.genkend.support.Http;
import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.support.TestTenants.TestTenant;
import io.genkend.task.Tasks;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Every path of the dealer's windscreen journey (workflows/dealer/windscreen.bpmn) on the shared engine, moved by
 * the events, responses and callbacks that other modules and tenant systems send, with the steps in test-run mode
 * and the offers they would decide given as variables.
 */
@IntegrationTest
class DealerWindscreenJourneyIT {

    @Autowired ProcessEngine engine;
    @Autowired Journeys journeys;
    @Autowired Tasks tasks;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    @Autowired TestTenants testTenants;
    @Autowired org.jooq.DSLContext dsl;
    @LocalServerPort int port;

    TestTenant dealer;
    JourneyTestKit kit;
    UUID customer;

    @BeforeEach
    void dealerWithWindscreenJourney() {
        BpmnAwareTests.init(engine);
        dealer = testTenants.create("windscreen", null);
        kit = new JourneyTestKit(engine, journeys, events, transactions, dealer.tenant())
                .deploy("workflows/dealer/windscreen.bpmn");
        customer = UUID.randomUUID();
    }

    private ProcessInstance repairBooked(Map<String, Object> offers) {
        Map<String, Object> variables = new HashMap<>(offers);
        variables.put("part", "windscreen");
        variables.put("appointmentAt", Instant.now().plus(3, ChronoUnit.DAYS).toString());
        variables.put("vehicle", "VW Golf 2019");
        return kit.start("repair.booked", customer, variables);
    }

    /** @return whether a {@code repair.completed} of the customer is buffered (arrived before any wait for it) */
    private boolean buffered(UUID who) {
        var pending = io.genkend.schema.Tables.JOURNEY_PENDING_MESSAGE;
        return TenantContext.callAs(dealer.tenant(), () -> dsl.fetchExists(pending,
                pending.CUSTOMER_ID.eq(who).and(pending.MESSAGE_NAME.eq("event:repair.completed"))));
    }

    private void completeTask(String taskKey, Map<String, Object> values) {
        TenantContext.runAs(dealer.tenant(), () -> {
            Tasks.TaskView task = tasks.inbox("service@" + dealer.tenant().slug() + ".test", Set.of("service"))
                    .stream().filter(t -> t.taskKey().equals(taskKey)).findFirst().orElseThrow();
            assertThat(task.candidateGroups()).containsExactly("service");
            assertThat(task.customerId()).isEqualTo(customer.toString());
            assertThat(task.dueAt()).isNotNull();
            tasks.complete(task.id(), values);
        });
    }

    @Test
    void taxiAcceptedThenWipersAcceptedReservedAndFitted() {
        ProcessInstance instance = repairBooked(Map.of("taxiOffer", "courtesy-taxi", "wiperOffer", "wiper-blades"));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "awaitTaxiResponse");
        kit.respond(customer, "courtesy-taxi", "ACCEPTED");
        kit.awaitAt(instance, "bookTaxi");
        completeTask("bookTaxi", Map.of("taxiCompany", "Taxa 4x35", "pickUpTime", "07:30"));
        kit.awaitAt(instance, "repairCompleted");

        kit.publishEvent(customer, "repair.completed", Map.of("part", "windscreen"));
        kit.awaitAt(instance, "awaitWiperResponse");
        kit.respond(customer, "wiper-blades", "ACCEPTED");
        kit.awaitAt(instance, "awaitPartReserved");

        String token = (String) kit.variable(instance, "reservePartToken");
        var answer = new Http(port).send(new Http(port).request("/api/v1/journeys/callbacks/" + token)
                .header("Authorization", "Bearer " + dealer.apiKey().secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"reserved\",\"reference\":\"R-42\"}")).build());
        assertThat(answer.statusCode()).isEqualTo(202);
        kit.awaitAt(instance, "fitWipers");
        assertThat(kit.variable(instance, "callbackStatus")).isEqualTo("reserved");
        completeTask("fitWipers", Map.of("wipersFitted", true));
        kit.awaitEnded(instance);

        assertThat(instance).hasPassedInOrder("repairBooked", "suppressCarGlass", "dayBeforeAppointment",
                "decideTaxiOffer", "sendTaxiOffer", "awaitTaxiResponse", "bookTaxi", "repairCompleted",
                "decideWiperOffer", "sendWiperOffer", "awaitWiperResponse", "reservePart", "awaitPartReserved",
                "fitWipers", "wipersFitted");
        assertThat(instance).isEnded();
    }

    @Test
    void aBookingWhoseAppointmentIsAlreadyOverOffersNoTaxiAndWaitsForTheRepair() {
        Map<String, Object> variables = new HashMap<>(Map.of("taxiOffer", "courtesy-taxi"));
        variables.put("part", "windscreen");
        variables.put("appointmentAt", Instant.now().minus(2, ChronoUnit.DAYS).toString());
        ProcessInstance instance = kit.start("repair.booked", customer, variables);
        kit.awaitAt(instance, "repairCompleted");
        assertThat(instance).hasPassedInOrder("suppressCarGlass", "dayBeforePassed", "taxiDone");
        assertThat(instance).hasNotPassed("dayBeforeAppointment", "decideTaxiOffer", "sendTaxiOffer");
    }

    @Test
    void anotherRepairGetsTheTaxiButNeitherTheCarGlassSuppressionNorTheWiperBlades() {
        Map<String, Object> variables = new HashMap<>(Map.of("taxiOffer", "courtesy-taxi", "wiperOffer", "wiper-blades"));
        variables.put("part", "brake-pads");
        variables.put("appointmentAt", Instant.now().plus(3, ChronoUnit.DAYS).toString());
        ProcessInstance instance = kit.start("repair.booked", customer, variables);
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "awaitTaxiResponse");
        kit.respond(customer, "courtesy-taxi", "DECLINED");
        kit.awaitAt(instance, "repairCompleted");
        kit.publishEvent(customer, "repair.completed", Map.of("part", "brake-pads"));
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("repairBooked", "isWindscreen", "dayBeforeAppointment",
                "decideTaxiOffer", "sendTaxiOffer", "awaitTaxiResponse", "repairCompleted", "windscreenRepaired",
                "otherRepairDone");
        assertThat(instance).hasNotPassed("suppressCarGlass", "decideWiperOffer", "sendWiperOffer");
    }

    @Test
    void noOffersDecidedStillWaitsForTheRepairThenEnds() {
        ProcessInstance instance = repairBooked(Map.of());
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "repairCompleted");
        kit.publishEvent(customer, "repair.completed", Map.of());
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("suppressCarGlass", "decideTaxiOffer", "taxiOffered",
                "repairCompleted", "decideWiperOffer", "noWiperOffer");
        assertThat(instance).hasNotPassed("sendTaxiOffer", "bookTaxi", "sendWiperOffer");
    }

    @Test
    void aRepairCompletedBeforeTheDayBeforeIsKeptAndMovesTheJourneyOnWhenItGetsThere() {
        ProcessInstance instance = repairBooked(Map.of());
        kit.awaitAt(instance, "dayBeforeAppointment");
        // the completion arrives while the instance still waits for the day before the appointment
        kit.publishEvent(customer, "repair.completed", Map.of("part", "windscreen", "cost", 4200));
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() -> buffered(customer));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("dayBeforeAppointment", "decideTaxiOffer", "repairCompleted",
                "decideWiperOffer", "noWiperOffer");
        assertThat(buffered(customer)).as("delivered once, then gone").isFalse();
    }

    @Test
    void anEarlyMessageIsDeliveredOnlyToItsOwnCustomer() {
        ProcessInstance instance = repairBooked(Map.of());
        UUID someoneElse = UUID.randomUUID();
        kit.publishEvent(someoneElse, "repair.completed", Map.of());
        org.awaitility.Awaitility.await().atMost(JourneyTestKit.PATIENCE).until(() -> buffered(someoneElse));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "repairCompleted");
        assertThat(buffered(someoneElse)).isTrue();
        kit.publishEvent(customer, "repair.completed", Map.of());
        kit.awaitEnded(instance);
    }

    @Test
    void theSweepDeliversAKeptMessageThatTheWaitingInstanceMissed() {
        ProcessInstance instance = repairBooked(Map.of());
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "repairCompleted");
        // kept after the instance reached its wait (as when both happen in two transactions at once): no listener
        // sees it, the sweep (every 2 s in tests) delivers it
        var pending = io.genkend.schema.Tables.JOURNEY_PENDING_MESSAGE;
        TenantContext.runAs(dealer.tenant(), () -> dsl.insertInto(pending)
                .set(pending.ID, UUID.randomUUID()).set(pending.TENANT_ID, dealer.tenant().id())
                .set(pending.CUSTOMER_ID, customer).set(pending.MESSAGE_NAME, "event:repair.completed")
                .set(pending.VARIABLES, org.jooq.JSONB.valueOf("{\"part\":\"windscreen\"}"))
                .set(pending.RECEIVED_AT, Instant.now())
                .set(pending.EXPIRES_AT, Instant.now().plus(1, ChronoUnit.DAYS)).execute());
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("repairCompleted", "decideWiperOffer", "noWiperOffer");
        assertThat(buffered(customer)).isFalse();
    }

    @Test
    void taxiDeclinedAndWiperOfferUnanswered() {
        ProcessInstance instance = repairBooked(Map.of("taxiOffer", "courtesy-taxi", "wiperOffer", "wiper-blades"));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "awaitTaxiResponse");
        kit.respond(customer, "courtesy-taxi", "DECLINED");
        kit.awaitAt(instance, "repairCompleted");
        kit.publishEvent(customer, "repair.completed", Map.of());
        kit.awaitAt(instance, "awaitWiperResponse");
        kit.fireTimer(instance, "wiperResponseTimeout");
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("awaitTaxiResponse", "taxiAccepted", "repairCompleted",
                "sendWiperOffer", "wiperResponseTimeout", "wiperOfferExpired");
        assertThat(instance).hasNotPassed("bookTaxi", "reservePart");
    }

    @Test
    void taxiUnansweredUntilTheAppointmentAndWipersDeclined() {
        ProcessInstance instance = repairBooked(Map.of("taxiOffer", "courtesy-taxi", "wiperOffer", "wiper-blades"));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "awaitTaxiResponse");
        kit.fireTimer(instance, "taxiResponseTimeout");
        kit.awaitAt(instance, "repairCompleted");
        kit.publishEvent(customer, "repair.completed", Map.of());
        kit.awaitAt(instance, "awaitWiperResponse");
        kit.respond(customer, "wiper-blades", "DECLINED");
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("sendTaxiOffer", "taxiResponseTimeout", "repairCompleted",
                "awaitWiperResponse", "wiperAccepted", "wiperOfferDeclined");
    }

    @Test
    void partNotReservedInTimeTellsTheWorkshop() {
        ProcessInstance instance = repairBooked(Map.of("wiperOffer", "wiper-blades"));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "repairCompleted");
        kit.publishEvent(customer, "repair.completed", Map.of());
        kit.awaitAt(instance, "awaitWiperResponse");
        kit.respond(customer, "wiper-blades", "ACCEPTED");
        kit.awaitAt(instance, "awaitPartReserved");
        kit.fireTimer(instance, "partReservationTimeout");
        kit.awaitEnded(instance);
        assertThat(instance).hasPassedInOrder("reservePart", "awaitPartReserved", "partReservationTimeout",
                "notifyPartMissing", "partNotReserved");
        assertThat(instance).hasNotPassed("fitWipers");
    }

    @Test
    void theTaskIsInTheServiceInboxOnly() {
        ProcessInstance instance = repairBooked(Map.of("taxiOffer", "courtesy-taxi"));
        kit.fireTimer(instance, "dayBeforeAppointment");
        kit.awaitAt(instance, "awaitTaxiResponse");
        kit.respond(customer, "courtesy-taxi", "ACCEPTED");
        kit.awaitAt(instance, "bookTaxi");
        TenantContext.runAs(dealer.tenant(), () -> {
            assertThat(tasks.inbox("someone@else", tasks.groupsOf(Set.of("MARKETER")))).isEmpty();
            List<Tasks.TaskView> service = tasks.inbox("x", tasks.groupsOf(Set.of("SERVICE_AGENT")));
            assertThat(service).extracting(Tasks.TaskView::taskKey).containsExactly("bookTaxi");
            assertThat(service.get(0).formFields()).extracting(Tasks.FormField::id)
                    .containsExactly("taxiCompany", "pickUpTime");
        });
    }
}
