package io.genkend.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read-only counts of the current tenant's stored events, for reports and the dashboard. */
public interface EventStatistics {

    /** @return the number of stored events per event name (track name, or {@code identify}, ...), most first */
    Map<String, Long> countByName();

    /**
     * Events per minute by the time Genkend received them ({@code received_at}, not the event's own time, which
     * an import may set years back): the throughput the dashboard charts.
     *
     * @param from    the first minute (truncated to the minute, UTC)
     * @param minutes how many minutes from there, 1 to 1440
     * @return one entry per minute, oldest first, with 0 for minutes without events
     * @throws IllegalArgumentException when {@code minutes} is outside 1 to 1440
     * @throws IllegalStateException    when no tenant is current
     */
    List<MinuteCount> perMinute(Instant from, int minutes);

    /**
     * @param minute the minute's start (UTC)
     * @param events events received in that minute
     */
    record MinuteCount(Instant minute, long events) {
    }
}
