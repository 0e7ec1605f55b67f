package io.genkend.outreach;

/** Schedules outreach for a customer of the current tenant. */
public interface Outreaches {

    /**
     * Chooses the channel by consent and preference, applies the contact policy (caps, quiet hours) and writes
     * the outreach to the send outbox in the caller's transaction; sending happens after commit, once in effect.
     *
     * @param request what to send
     * @return what became of it: scheduled, held (quiet hours), capped or suppressed, with the reason
     */
    OutreachOutcome schedule(OutreachRequest request);
}
