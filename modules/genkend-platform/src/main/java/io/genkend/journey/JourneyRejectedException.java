package io.genkend.journey;

import java.util.List;

/** The engine refused a model; {@link #findings()} carry the engine's reasons with element ids and lines. */
public class JourneyRejectedException extends RuntimeException {

    private final transient List<Journeys.Finding> findings;

    /**
     * @param message  the engine's message
     * @param findings its reasons, per element
     */
    public JourneyRejectedException(String message, List<Journeys.Finding> findings) {
        super(message);
        this.findings = List.copyOf(findings);
    }

    /** @return the engine's reasons */
    public List<Journeys.Finding> findings() {
        return findings;
    }
}
