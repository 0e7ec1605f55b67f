package io.genkend.customer;

/**
 * Thrown when an incoming identifier belongs to a customer who was erased (GDPR Art. 17): the data is refused
 * instead of silently bringing the customer back. The message names the identifier kind, never its value.
 */
public class CustomerErasedException extends RuntimeException {

    private final String field;

    /** @param field the identifier that matched an erasure record: {@code userId}, {@code anonymousId}, ... */
    public CustomerErasedException(String field) {
        super("A customer with this " + field + " was erased; the data is not accepted again.");
        this.field = field;
    }

    /** @return the identifier's field name in the incoming data */
    public String field() {
        return field;
    }
}
