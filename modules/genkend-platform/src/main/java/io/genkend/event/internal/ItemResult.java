package io.genkend.event.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The answer for one item: stored (or a duplicate of a stored one) with its id, or rejected as a problem.
 *
 * @param index     position in the batch (0 for a single event)
 * @param id        the stored event's id (the original's for a duplicate), or {@code null} when rejected
 * @param duplicate whether the item repeated an already stored event
 * @param status    HTTP status of a rejection (400, 409, 413), or {@code null}
 * @param type      problem type URI of a rejection
 * @param detail    human sentence of a rejection
 * @param errors    offending fields of a rejection ({@code field}, {@code message})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ItemResult(int index, UUID id, Boolean duplicate, Integer status, String type, String detail,
                  List<Map<String, String>> errors) {

    static ItemResult stored(int index, UUID id, boolean duplicate) {
        return new ItemResult(index, id, duplicate, null, null, null, null);
    }

    static ItemResult rejected(int index, int status, String type, String detail, List<Map<String, String>> errors) {
        return new ItemResult(index, null, null, status, io.genkend.api.ProblemTypes.type(type).toString(), detail,
                errors);
    }

    boolean accepted() {
        return id != null;
    }

    ItemResult at(int newIndex) {
        return new ItemResult(newIndex, id, duplicate, status, type, detail, errors);
    }
}
