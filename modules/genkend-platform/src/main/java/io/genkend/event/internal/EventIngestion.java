package io.genkend.event.internal;

import io.genkend.customer.CustomerErasedException;
import io.genkend.tenancy.Tenant;
import io.genkend.tenancy.TenantContext;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one storing path of the API and the inbound webhooks: each valid item is handed to the group commit
 * ({@link EventWriter}) and stored whole or not at all; every item gets a result once its batch has committed.
 */
@Component
class EventIngestion {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventIngestion.class);

    /** How long a request waits for its batch; beyond it the item is answered "safe to retry". */
    private static final long WAIT_SECONDS = 60;

    private final EventWriter writer;

    EventIngestion(EventWriter writer) {
        this.writer = writer;
    }

    /** Stores the current tenant's valid items and answers each item in order. */
    List<ItemResult> ingest(List<EventParser.Parsed> items) {
        Tenant tenant = TenantContext.require();
        List<CompletableFuture<EventStore.Stored>> pending = new ArrayList<>(items.size());
        for (EventParser.Parsed item : items) {
            pending.add(item.rejection() != null ? null : writer.submit(tenant, item.event()));
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            EventParser.Parsed item = items.get(i);
            results.add(item.rejection() != null ? item.rejection().at(i) : result(i, item.event(), pending.get(i)));
        }
        return results;
    }

    private ItemResult result(int index, IncomingEvent event, CompletableFuture<EventStore.Stored> future) {
        try {
            EventStore.Stored stored = await(future);
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

    private static EventStore.Stored await(CompletableFuture<EventStore.Stored> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The event was not stored within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing the event", e);
        }
    }
}
