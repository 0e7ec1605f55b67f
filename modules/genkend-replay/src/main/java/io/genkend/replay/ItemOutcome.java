package io.genkend.replay;

/**
 * What Genkend answered for one event.
 *
 * @param kind   accepted, duplicate (the messageId was seen before) or rejected
 * @param reason why it was rejected (the problem's detail and offending fields), else {@code null}
 */
public record ItemOutcome(Kind kind, String reason) {

    /** The three answers an event can get. */
    public enum Kind { ACCEPTED, DUPLICATE, REJECTED }

    static final ItemOutcome ACCEPTED = new ItemOutcome(Kind.ACCEPTED, null);
    static final ItemOutcome DUPLICATE = new ItemOutcome(Kind.DUPLICATE, null);

    static ItemOutcome rejected(String reason) {
        return new ItemOutcome(Kind.REJECTED, reason == null || reason.isBlank() ? "rejected (no reason given)" : reason);
    }
}
