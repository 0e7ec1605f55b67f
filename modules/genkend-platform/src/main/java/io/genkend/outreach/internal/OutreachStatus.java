package io.genkend.outreach.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an outreach and the moves between them: decided as SCHEDULED or HELD (quiet hours), or recorded
 * as CAPPED or SUPPRESSED; then SENT (the provider took it), DELIVERED, and the customer's answer CLICKED,
 * ACCEPTED or DECLINED, or IGNORED when the response window passes. FAILED after the last send attempt.
 */
enum OutreachStatus {
    SCHEDULED, HELD, CAPPED, SUPPRESSED, SENT, DELIVERED, CLICKED, ACCEPTED, DECLINED, IGNORED, FAILED;

    private static final Set<OutreachStatus> AWAITING_SEND = EnumSet.of(SCHEDULED, HELD);
    private static final Set<OutreachStatus> AWAITING_ANSWER = EnumSet.of(SENT, DELIVERED, CLICKED);

    /** @return whether the sender may still send it */
    boolean awaitsSending() {
        return AWAITING_SEND.contains(this);
    }

    /** @return whether the customer may still answer it */
    boolean awaitsAnswer() {
        return AWAITING_ANSWER.contains(this);
    }

    /**
     * Guards a move.
     *
     * @return whether an outreach in this state may move to {@code next}
     */
    boolean mayMoveTo(OutreachStatus next) {
        return switch (next) {
            case SENT, FAILED -> awaitsSending();
            case SUPPRESSED -> awaitsSending();
            case DELIVERED -> this == SENT;
            case CLICKED -> this == SENT || this == DELIVERED;
            case ACCEPTED, DECLINED, IGNORED -> awaitsAnswer();
            default -> false;
        };
    }
}
