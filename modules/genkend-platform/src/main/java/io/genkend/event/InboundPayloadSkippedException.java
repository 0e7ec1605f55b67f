package io.genkend.event;

/**
 * Thrown by an {@link InboundEventMapper} when a valid payload is deliberately not turned into events, such as a
 * shop's test order: answered 202 with the item marked {@code skipped} and this reason; nothing is stored and it
 * is not counted as rejected.
 */
public class InboundPayloadSkippedException extends RuntimeException {

    /** @param reason why the payload is skipped, a sentence for the sender's log */
    public InboundPayloadSkippedException(String reason) {
        super(reason);
    }
}
