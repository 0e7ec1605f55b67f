package io.genkend.journey;

import java.util.List;

/** Read-only counts of the current tenant's journey instances (all versions), for reports. */
public interface JourneyStatistics {

    /** @return one row per journey (process definition key) the tenant has deployed, by key */
    List<JourneyCount> counts();

    /**
     * @param journeyKey     the journey's key (BPMN process id)
     * @param started        instances started (test runs included)
     * @param running        of those, not ended yet
     * @param completed      ended at an end event
     * @param endedOtherwise ended otherwise: by a conversion (exit event), erasure or an operator
     * @param converted      conversions counted (the exit event arrived for a running instance)
     */
    record JourneyCount(String journeyKey, long started, long running, long completed, long endedOtherwise,
                        long converted) {
    }
}
