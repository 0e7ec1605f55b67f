package io.genkend.outreach;

import java.util.List;

/** Read-only counts of the current tenant's outreach, for reports. */
public interface OutreachStatistics {

    /** @return the number of outreach rows per channel and status, most first */
    List<ChannelStatusCount> countByChannelAndStatus();

    /**
     * @param channel the channel ({@code SMS}, {@code EMAIL}, ...), or {@code NONE} when no channel was allowed
     * @param status  SCHEDULED, HELD, CAPPED, SUPPRESSED, SENT, DELIVERED, CLICKED, ACCEPTED, DECLINED, IGNORED
     *                or FAILED
     * @param count   how many
     */
    record ChannelStatusCount(String channel, String status, long count) {
    }
}
