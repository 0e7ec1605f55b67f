package io.genkend.outreach;

import io.genkend.customer.Channel;

import java.util.UUID;

/**
 * What became of an outreach request.
 *
 * @param outreachId the outreach's id, or {@code null} when nothing was recorded
 * @param channel    the channel chosen, or {@code null} when none was allowed
 * @param status     {@code SCHEDULED}, {@code HELD} (quiet hours), {@code CAPPED}, {@code SUPPRESSED} (no consent
 *                   or no reachable channel)
 * @param reason     a sentence for people when not scheduled
 */
public record OutreachOutcome(UUID outreachId, Channel channel, String status, String reason) {

    /** @return whether the message will be sent (now or when quiet hours end) */
    public boolean willBeSent() {
        return "SCHEDULED".equals(status) || "HELD".equals(status);
    }
}
