package io.genkend.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Genkend's per-item answer, in the shape the events module gives it. */
class EventsClientTest {

    @Test
    void readsPerItemResultsByIndex() {
        List<ObjectNode> events = List.of(event("a"), event("b"), event("c"));
        String answer = """
                {"accepted":1,"duplicates":1,"rejected":1,"results":[
                  {"index":2,"status":400,"type":"https://genkend.io/problems/validation",
                   "detail":"The event is invalid.","errors":[{"field":"event","message":"must not be blank"}]},
                  {"index":0,"id":"0b0f6e5e-1d7b-4b1c-9f7e-2a6f6e0c1a11","duplicate":false},
                  {"index":1,"id":"5a1c0f7e-0d3b-4e55-8d5f-3b1f2a9e7c22","duplicate":true}]}
                """;

        List<ItemOutcome> outcomes = EventsClient.itemOutcomes(answer, events);

        assertThat(outcomes).extracting(ItemOutcome::kind).containsExactly(
                ItemOutcome.Kind.ACCEPTED, ItemOutcome.Kind.DUPLICATE, ItemOutcome.Kind.REJECTED);
        assertThat(outcomes.get(2).reason()).isEqualTo("The event is invalid. [event: must not be blank]");
    }

    @Test
    void anAnswerWithoutItemsCountsTheBatchAsAccepted() {
        assertThat(EventsClient.itemOutcomes("{\"id\":\"x\"}", List.of(event("a"), event("b"))))
                .extracting(ItemOutcome::kind).containsOnly(ItemOutcome.Kind.ACCEPTED);
    }

    private static ObjectNode event(String id) {
        ObjectNode e = Segment.track("u", "x", null);
        e.put("messageId", id);
        return e;
    }
}
