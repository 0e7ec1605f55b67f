package io.genkend.event.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer for one item: stored (or a duplicate of a stored one) with its id, rejected as a problem, or skipped
 * by a pack's mapping (a valid payload that means nothing to journeys, such as a shop's test order).
 *
 * @param index     position in the batch (0 for a single event)
 * @param id        the stored event's id (the original's for a duplicate), or {@code null} when rejected or skipped
 * @param duplicate whether the item repeated an already stored event
 * @param status    HTTP status of a rejection (400, 409, 413), or {@code null}
 * @param type      problem type URI of a rejection
 * @param detail    human sentence of a rejection
 * @param errors    offending fields of a rejection ({@code field}, {@code message})
 * @param skipped   why the mapping skipped the payload (nothing stored, not an error), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ItemResult(int index, UUID id, Boolean duplicate, Integer status, String type, String detail,
                  List<Map<String, String>> errors, String skipped) {

    static ItemResult stored(int index, UUID id, boolean duplicate) {
        return new ItemResult(index, id, duplicate, null, null, null, null, null);
    }

    static ItemResult rejected(int index, int status, String type, String detail, List<Map<String, String>> errors) {
        return new ItemResult(index, null, null, status, io.genkend.api.ProblemTypes.type(type).toString(), detail,
                errors, null);
    }

    static ItemResult skipped(int index, String reason) {
        return new ItemResult(index, null, null, null, null, null, null, reason);
    }

    boolean accepted() {
        return id != null;
    }

    boolean wasSkipped() {
        return skipped != null;
    }

    ItemResult at(int newIndex) {
        return new ItemResult(newIndex, id, duplicate, status, type, detail, errors, skipped);
    }
}
