package io.genkend.event.internal;

import io.genkend.customer.CustomerErasedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one storing path of the API and the inbound webhooks: each valid item is stored in its own transaction
 * (whole or not at all); every item gets a result.
 */
@Component
class EventIngestion {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventIngestion.class);

    private final EventStore store;

    EventIngestion(EventStore store) {
        this.store = store;
    }

    List<ItemResult> ingest(List<EventParser.Parsed> items) {
        List<ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            EventParser.Parsed item = items.get(i);
            results.add(item.rejection() != null ? item.rejection().at(i) : store(i, item.event()));
        }
        return results;
    }

    private ItemResult store(int index, IncomingEvent event) {
        try {
            EventStore.Stored stored = store.store(event);
            return ItemResult.stored(index, stored.id(), stored.duplicate());
        } catch (EventStore.ConflictingDuplicate e) {
            String field = switch (event.format()) {
                case "segment" -> "messageId";
                case "cloudevents" -> "id";
                default -> "webhook-id";
            };
            return ItemResult.rejected(index, 409, "duplicate-conflict",
                    "This " + field + " was already used within the deduplication window for a different event ("
                            + e.originalId + "); events are never merged.",
                    List.of(EventParser.error(field, "already used for a different event")));
        } catch (CustomerErasedException e) {
            return ItemResult.rejected(index, 409, "customer-erased", e.getMessage(),
                    List.of(EventParser.error(e.field(), "belongs to an erased customer")));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            int colon = message.indexOf(": ");
            Map<String, String> error = colon > 0
                    ? EventParser.error(message.substring(0, colon), message.substring(colon + 2))
                    : EventParser.error("", message);
            return ItemResult.rejected(index, 400, "validation", "The event has invalid fields.", List.of(error));
        } catch (RuntimeException e) {
            // Not the caller's fault: this item is not stored (its transaction rolled back); the others stand.
            log.error("Could not store event {} of the request", index, e);
            return ItemResult.rejected(index, 500, "internal",
                    "This event could not be stored because of an error on our side; it is safe to retry.",
                    List.of());
        }
    }
}
