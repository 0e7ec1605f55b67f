package io.genkend.journey;

/**
 * A step could not do its work (a missing input, a module that is not installed, an unknown tenant). The job
 * fails, is retried by its retry cycle and becomes an incident with this message when the retries are used up.
 */
public class StepFailedException extends RuntimeException {

    /** @param message what went wrong, for the incident */
    public StepFailedException(String message) {
        super(message);
    }
}
