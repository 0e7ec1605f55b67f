package io.genkend.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Builds Segment-spec calls (https://segment.com/docs/connections/spec/) as JSON objects. */
public final class Segment {

    /** The JSON mapper the tool uses everywhere. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Segment() {
    }

    /**
     * @param userId the customer's id in the tenant's system
     * @return an {@code identify} call; put traits into {@code traits}
     */
    public static ObjectNode identify(String userId) {
        ObjectNode call = JSON.createObjectNode();
        call.put("type", "identify");
        call.put("userId", userId);
        call.putObject("traits");
        return call;
    }

    /**
     * @param userId    the customer's id in the tenant's system
     * @param event     the event name, such as {@code Order Completed} or {@code repair.booked}
     * @param timestamp when it happened, or {@code null} to let Genkend use the time of receipt
     * @return a {@code track} call; put properties into {@code properties}
     */
    public static ObjectNode track(String userId, String event, Instant timestamp) {
        ObjectNode call = JSON.createObjectNode();
        call.put("type", "track");
        call.put("event", event);
        call.put("userId", userId);
        if (timestamp != null) {
            call.put("timestamp", timestamp.toString());
        }
        call.putObject("properties");
        return call;
    }

    /** @return the {@code traits} of an identify call */
    public static ObjectNode traits(ObjectNode identify) {
        return (ObjectNode) identify.get("traits");
    }

    /** @return the {@code properties} of a track call */
    public static ObjectNode properties(ObjectNode track) {
        return (ObjectNode) track.get("properties");
    }
}
