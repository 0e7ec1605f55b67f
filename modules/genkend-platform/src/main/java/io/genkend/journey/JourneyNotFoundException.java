package io.genkend.journey;

/** The current tenant has no such journey, version or instance (another tenant's is never revealed). */
public class JourneyNotFoundException extends RuntimeException {

    /** @param what what was looked for, for the problem's detail */
    public JourneyNotFoundException(String what) {
        super(what + " not found");
    }
}
