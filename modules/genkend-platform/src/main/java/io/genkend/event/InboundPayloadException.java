package io.genkend.event;

/** Thrown by an {@link InboundEventMapper} when a payload cannot be mapped; answered as a 400 naming the field. */
public class InboundPayloadException extends RuntimeException {

    private final String field;

    /**
     * @param field   the offending field, as a dotted path in the payload
     * @param message what is wrong with it
     */
    public InboundPayloadException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** @return the offending field */
    public String field() {
        return field;
    }
}
