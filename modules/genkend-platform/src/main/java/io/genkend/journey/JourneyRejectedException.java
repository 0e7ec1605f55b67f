package io.genkend.journey;

import java.util.List;

/**
 * The engine or one of Genkend's journey rules refused a model; {@link #findings()} carry the reasons (and any
 * warnings) with element ids and lines. The message is a whole sentence for the person who deployed.
 */
public class JourneyRejectedException extends RuntimeException {

    private final transient List<Journeys.Finding> findings;

    /**
     * @param message  what was refused and why, such as {@code The engine refused the model: ENGINE-01009 ...}
     * @param findings its reasons, per element
     */
    public JourneyRejectedException(String message, List<Journeys.Finding> findings) {
        super(message);
        this.findings = List.copyOf(findings);
    }

    /** @return the reasons, per element */
    public List<Journeys.Finding> findings() {
        return findings;
    }
}
