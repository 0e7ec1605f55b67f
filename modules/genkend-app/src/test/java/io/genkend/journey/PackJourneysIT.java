package io.genkend.journey;

import io.genkend.support.IntegrationTest;
import io.genkend.support.TestTenants;
import io.genkend.task.Tasks;
import io.genkend.tenancy.TenantContext;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Every path of the dealer's service-interval journey, the bank's savings (with its suitability DMN) and
 * mortgage journeys and the grocer's replenishment and complementary journeys, on the shared engine, in test-run
 * mode with the offers the decision step would choose given as variables.
 */
@IntegrationTest
class PackJourneysIT {

    @Autowired ProcessEngine engine;
    @Autowired Journeys journeys;
    @Autowired Tasks tasks;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transactions;
    @Autowired TestTenants testTenants;

    JourneyTestKit kit;
    UUID customer;

    @BeforeEach
    void packTenant() {
        BpmnAwareTests.init(engine);
        kit = new JourneyTestKit(engine, journeys, events, transactions, testTenants.create("packs", null).tenant())
                .deploy("workflows/dealer/service-interval.bpmn", "workflows/bank/savings-suitability.dmn",
                        "workflows/bank/savings-offer.bpmn", "workflows/bank/mortgage-enquiry.bpmn",
                        "workflows/grocer/replenishment.bpmn", "workflows/grocer/complementary.bpmn");
        customer = UUID.randomUUID();
    }

    private static Map<String, Object> vars(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Nested
    class DealerServiceInterval {

        private ProcessInstance serviceCompleted(Object... offer) {
            Map<String, Object> variables = vars(offer);
            variables.put("nextServiceDue", Instant.now().plus(365, ChronoUnit.DAYS).toString());
            ProcessInstance instance = kit.start("service.completed", customer, variables);
            kit.fireTimer(instance, "twoWeeksBeforeDue");
            return instance;
        }

        @Test
        void reminderAcceptedIsBooked() {
            ProcessInstance instance = serviceCompleted("serviceOffer", "service-check");
            kit.awaitAt(instance, "awaitServiceResponse");
            kit.respond(customer, "service-check", "ACCEPTED");
            kit.completeTask(tasks, instance, "bookService", Map.of("appointmentAt", "2027-11-20T09:00"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("serviceCompleted", "twoWeeksBeforeDue", "decideServiceOffer",
                    "sendServiceReminder", "awaitServiceResponse", "serviceAccepted", "bookService",
                    "serviceBooked");
        }

        @Test
        void noOfferEnds() {
            ProcessInstance instance = serviceCompleted();
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("decideServiceOffer", "serviceOffered", "noServiceOffer");
        }

        @Test
        void declinedEnds() {
            ProcessInstance instance = serviceCompleted("serviceOffer", "service-check");
            kit.awaitAt(instance, "awaitServiceResponse");
            kit.respond(customer, "service-check", "DECLINED");
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("awaitServiceResponse", "serviceAccepted", "serviceDeclined");
        }

        @Test
        void noAnswerMeansACall() {
            ProcessInstance instance = serviceCompleted("serviceOffer", "service-check");
            kit.awaitAt(instance, "awaitServiceResponse");
            kit.fireTimer(instance, "serviceResponseTimeout");
            kit.completeTask(tasks, instance, "callCustomer", Map.of("callOutcome", "booked"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("sendServiceReminder", "serviceResponseTimeout", "callCustomer",
                    "customerCalled");
        }

        @Test
        void bookingItselfEndsTheJourneyAsAConversion() {
            ProcessInstance instance = serviceCompleted("serviceOffer", "service-check");
            kit.awaitAt(instance, "awaitServiceResponse");
            kit.publishEvent(customer, "service.booked", Map.of());
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("sendServiceReminder", "awaitServiceResponse");
            assertThat(instance).hasNotPassed("serviceAccepted");
            TenantContext.runAs(kit.tenant(), () ->
                    assertThat(journeys.find("dealerServiceInterval").orElseThrow().conversions()).isEqualTo(1));
        }
    }

    @Nested
    class BankSavings {

        @Test
        void suitableSalaryOfferAcceptedOpensTheAccount() {
            ProcessInstance instance = kit.start("salary.received", customer,
                    vars("amount", 32000.0, "age", 41, "savingsOffer", "high-yield-savings"));
            kit.awaitAt(instance, "awaitSavingsResponse");
            assertThat(kit.variable(instance, "suitable")).isEqualTo(true);
            kit.respond(customer, "high-yield-savings", "ACCEPTED");
            kit.awaitAt(instance, "awaitAccountOpened");
            kit.callback(instance, "accountToken", Map.of("status", "opened", "account", "1234-567890"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("salaryReceived", "checkSuitability", "suitableGateway",
                    "decideSavingsOffer", "sendSavingsOffer", "awaitSavingsResponse", "savingsAccepted",
                    "openSavingsAccount", "awaitAccountOpened", "accountOpened");
        }

        @Test
        void aLargeDepositInOverdraftIsNotSuitable() {
            ProcessInstance instance = kit.start("deposit.large", customer,
                    vars("amount", 150000.0, "overdraft", true, "savingsOffer", "fixed-term-deposit"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("largeDeposit", "checkSuitability", "notSuitable");
            assertThat(instance).hasNotPassed("decideSavingsOffer");
        }

        @Test
        void minorsAndSmallAmountsAreNotSuitable() {
            ProcessInstance minor = kit.start("salary.received", customer, vars("amount", 9000.0, "age", 16));
            kit.awaitEnded(minor);
            assertThat(minor).hasPassedInOrder("checkSuitability", "notSuitable");
            ProcessInstance small = kit.start("salary.received", UUID.randomUUID(), vars("amount", 1200.0));
            kit.awaitEnded(small);
            assertThat(small).hasPassedInOrder("checkSuitability", "notSuitable");
        }

        @Test
        void suitableButNoOffer() {
            ProcessInstance instance = kit.start("salary.received", customer, vars("amount", 25000.0));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("decideSavingsOffer", "savingsOffered", "noSavingsOffer");
        }

        @Test
        void declinedOrUnanswered() {
            ProcessInstance declined = kit.start("salary.received", customer,
                    vars("amount", 25000.0, "savingsOffer", "high-yield-savings"));
            kit.awaitAt(declined, "awaitSavingsResponse");
            kit.respond(customer, "high-yield-savings", "DECLINED");
            kit.awaitEnded(declined);
            assertThat(declined).hasPassedInOrder("awaitSavingsResponse", "savingsAccepted", "savingsDeclined");

            ProcessInstance unanswered = kit.start("salary.received", UUID.randomUUID(),
                    vars("amount", 25000.0, "savingsOffer", "high-yield-savings"));
            kit.awaitAt(unanswered, "awaitSavingsResponse");
            kit.fireTimer(unanswered, "savingsResponseTimeout");
            kit.awaitEnded(unanswered);
            assertThat(unanswered).hasPassedInOrder("awaitSavingsResponse", "savingsResponseTimeout",
                    "savingsOfferExpired");
        }

        @Test
        void noAnswerFromTheCoreSystemMeansOpeningByHand() {
            ProcessInstance instance = kit.start("salary.received", customer,
                    vars("amount", 25000.0, "savingsOffer", "high-yield-savings"));
            kit.awaitAt(instance, "awaitSavingsResponse");
            kit.respond(customer, "high-yield-savings", "ACCEPTED");
            kit.awaitAt(instance, "awaitAccountOpened");
            kit.fireTimer(instance, "accountTimeout");
            kit.completeTask(tasks, instance, "openAccountByHand", Map.of("accountNumber", "1234-000111"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("openSavingsAccount", "awaitAccountOpened", "accountTimeout",
                    "openAccountByHand", "accountOpened");
        }
    }

    @Nested
    class BankMortgage {

        private ProcessInstance enquiry() {
            return kit.start("mortgage.enquiry", customer, vars("loanAmount", 2400000, "propertyValue", 3100000));
        }

        @Test
        void interestedAndPreApproved() {
            ProcessInstance instance = enquiry();
            kit.completeTask(tasks, instance, "adviserCall", Map.of("callOutcome", "interested"));
            kit.awaitAt(instance, "awaitPreApproval");
            kit.callback(instance, "preApprovalToken", Map.of("status", "approved"));
            kit.completeTask(tasks, instance, "presentOffer", Map.of("meetingBooked", "true"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("mortgageEnquiry", "handOverLead", "adviserCall",
                    "interestedGateway", "preApproveLoan", "awaitPreApproval", "approvedGateway", "presentOffer",
                    "offerPresented");
        }

        @Test
        void notInterested() {
            ProcessInstance instance = enquiry();
            kit.completeTask(tasks, instance, "adviserCall", Map.of("callOutcome", "notInterested"));
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("handOverLead", "adviserCall", "interestedGateway", "leadClosed");
        }

        @Test
        void notApprovedOrNoAnswer() {
            ProcessInstance refused = enquiry();
            kit.completeTask(tasks, refused, "adviserCall", Map.of("callOutcome", "interested"));
            kit.awaitAt(refused, "awaitPreApproval");
            kit.callback(refused, "preApprovalToken", Map.of("status", "refused"));
            kit.awaitEnded(refused);
            assertThat(refused).hasPassedInOrder("awaitPreApproval", "approvedGateway", "notApproved");

            customer = UUID.randomUUID();
            ProcessInstance silent = enquiry();
            kit.completeTask(tasks, silent, "adviserCall", Map.of("callOutcome", "interested"));
            kit.awaitAt(silent, "awaitPreApproval");
            kit.fireTimer(silent, "preApprovalTimeout");
            kit.awaitEnded(silent);
            assertThat(silent).hasPassedInOrder("awaitPreApproval", "preApprovalTimeout", "preApprovalMissing");
        }
    }

    @Nested
    class GrocerReplenishment {

        private static final String BASKET = "[{\"category\":\"coffee\",\"quantity\":3},{\"category\":\"dairy\"}]";

        @Test
        void remindedBeforeRunningOut() {
            ProcessInstance instance = kit.start("Order Completed", customer, vars("products", BASKET,
                    "replenishAt", Instant.now().plus(12, ChronoUnit.DAYS).toString(),
                    "replenishmentOffer", "coffee-refill"));
            kit.fireTimer(instance, "beforeRunningOut");
            kit.awaitEnded(instance);
            assertThat(kit.engineHistoryVariable(instance, "mainCategory")).isEqualTo("coffee");
            assertThat(instance).hasPassedInOrder("orderCompleted", "estimateCycle", "cycleKnown",
                    "beforeRunningOut", "decideReplenishment", "replenishmentOffered", "sendReplenishment",
                    "reminded");
        }

        @Test
        void firstPurchaseOrNoOffer() {
            ProcessInstance first = kit.start("Order Completed", customer, vars("products", BASKET));
            kit.awaitEnded(first);
            assertThat(first).hasPassedInOrder("estimateCycle", "cycleKnown", "firstPurchase");

            ProcessInstance noOffer = kit.start("Order Completed", UUID.randomUUID(), vars("products", BASKET,
                    "replenishAt", Instant.now().plus(3, ChronoUnit.DAYS).toString()));
            kit.fireTimer(noOffer, "beforeRunningOut");
            kit.awaitEnded(noOffer);
            assertThat(noOffer).hasPassedInOrder("beforeRunningOut", "decideReplenishment",
                    "noReplenishmentOffer");
        }
    }

    @Nested
    class GrocerComplementary {

        private static final String BASKET = "[{\"category\":\"Pasta\",\"quantity\":2},{\"category\":\"dairy\"}]";

        @Test
        void theCategoriesJustBoughtAreSuppressedBeforeDeciding() {
            ProcessInstance instance = kit.start("Order Completed#complementary", customer, vars("products", BASKET,
                    "complementaryOffer", "pasta-sauce"));
            kit.awaitAt(instance, "awaitComplementaryResponse");
            assertThat(kit.variable(instance, "suppressedCategories")).isEqualTo("pasta,dairy");
            kit.respond(customer, "pasta-sauce", "ACCEPTED");
            kit.awaitEnded(instance);
            assertThat(instance).hasPassedInOrder("basketBought", "readBasket", "suppressBoughtCategories",
                    "decideComplementary", "sendComplementary", "awaitComplementaryResponse",
                    "complementaryAnswered");
        }

        @Test
        void noOfferOrNoAnswer() {
            ProcessInstance none = kit.start("Order Completed#complementary", customer, vars("products", BASKET));
            kit.awaitEnded(none);
            assertThat(none).hasPassedInOrder("suppressBoughtCategories", "decideComplementary",
                    "noComplementaryOffer");

            ProcessInstance silent = kit.start("Order Completed#complementary", customer, vars("products", BASKET,
                    "complementaryOffer", "fruit-box"));
            kit.awaitAt(silent, "awaitComplementaryResponse");
            kit.fireTimer(silent, "complementaryTimeout");
            kit.awaitEnded(silent);
            assertThat(silent).hasPassedInOrder("awaitComplementaryResponse", "complementaryTimeout",
                    "complementaryExpired");
        }
    }
}
