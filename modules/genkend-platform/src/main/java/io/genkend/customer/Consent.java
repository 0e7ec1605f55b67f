package io.genkend.customer;

import java.time.Instant;

/**
 * One consent decision of a customer, as proof (GDPR Art. 7(1)): what, when, through which source and to which
 * wording.
 *
 * @param purpose        the purpose of processing
 * @param channel        the channel
 * @param status         granted, denied or withdrawn
 * @param recordedAt     when the customer decided (the event's timestamp, else receipt time)
 * @param source         where it came from: {@code api}, {@code identify}, {@code webhook:<source>}, ...
 * @param wordingVersion the version of the consent text the customer saw, or {@code null} when unknown
 */
public record Consent(Purpose purpose, Channel channel, ConsentStatus status, Instant recordedAt, String source,
                      String wordingVersion) {
}
