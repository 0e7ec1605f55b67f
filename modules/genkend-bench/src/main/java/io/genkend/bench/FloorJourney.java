package io.genkend.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The driver's floor journey ({@code bench-floor.bpmn}, a resource of this module): the dealer windscreen journey's
 * Camunda shape without Genkend's steps. A message start on {@value #EVENT}, a no-op step in the start itself (no
 * async boundary, as in the windscreen journey), and a wait for {@value #WAIT} with a timer boundary on the event's
 * {@code appointmentAt}. Deployed into the tenant of
 * {@code --api-key} by {@code --phases floor} (a journey {@value #KEY} that reacts to nothing but {@value #EVENT};
 * its instances end at their timer, two hours after the run). What it measures: the highest rate at which any
 * journey of that shape can get from an accepted event to its first wait through Genkend's path (ingest, journey
 * listener, start) on the machine, against which figure (c) can be read.
 */
final class FloorJourney {

    /** The event that starts it. */
    static final String EVENT = "bench.floor";
    /** The message its instances wait for: when an instance subscribes to it, its event has arrived. */
    static final String WAIT = "response:bench-floor";
    /** The journey (process definition) key. */
    static final String KEY = "benchFloor";
    /** The file name it is deployed under. */
    static final String FILE = "bench-floor.bpmn";

    private FloorJourney() {
    }

    /** @return the BPMN model, as the resource holds it */
    static byte[] model() {
        try (InputStream in = FloorJourney.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the driver's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
