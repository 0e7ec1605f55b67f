package io.genkend.event;

import java.util.Map;

/** Read-only counts of the current tenant's stored events, for reports. */
public interface EventStatistics {

    /** @return the number of stored events per event name (track name, or {@code identify}, ...), most first */
    Map<String, Long> countByName();
}
