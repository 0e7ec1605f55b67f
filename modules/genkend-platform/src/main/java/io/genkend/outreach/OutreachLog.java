package io.genkend.outreach;

import io.genkend.customer.Channel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The outreach of the current tenant's customers, for the customer's timeline. */
public interface OutreachLog {

    /**
     * @param customerId the customer
     * @param limit      at most this many, newest first
     * @return the customer's outreach, newest first
     */
    List<OutreachSummary> forCustomer(UUID customerId, int limit);

    /**
     * One outreach as the timeline shows it.
     *
     * @param id          outreach id
     * @param offerCode   the offer, or {@code null}
     * @param template    template key, or {@code null}
     * @param channel     channel, or {@code null} when none was allowed
     * @param status      its state: SCHEDULED, HELD, CAPPED, SUPPRESSED, SENT, DELIVERED, CLICKED, ACCEPTED,
     *                    DECLINED, IGNORED or FAILED
     * @param reason      why it was held, capped, suppressed or failed, or {@code null}
     * @param createdAt   when it was decided
     * @param releaseAt   when it is (was) to be sent
     * @param sentAt      when it was sent, or {@code null}
     * @param respondedAt when the customer answered (or it was ignored), or {@code null}
     */
    record OutreachSummary(UUID id, String offerCode, String template, Channel channel, String status, String reason,
                           Instant createdAt, Instant releaseAt, Instant sentAt, Instant respondedAt) {
    }
}
