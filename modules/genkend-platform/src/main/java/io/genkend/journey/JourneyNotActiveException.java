package io.genkend.journey;

/**
 * The journey exists, but its latest version takes no entries (it is suspended), so nothing can be started in it
 * now: the API answers 409 ({@code https://genkend.io/problems/journey-not-active}).
 */
public class JourneyNotActiveException extends RuntimeException {

    /** @param key the journey */
    public JourneyNotActiveException(String key) {
        super("Journey '" + key + "' is suspended: activate it first");
    }
}
