package io.genkend.customer;

import java.util.Map;
import java.util.UUID;

/**
 * A customer's profile as other modules read it.
 *
 * @param id       the profile id (the business key of the customer's journey instances)
 * @param userId   the tenant's own id for the customer (Segment {@code userId}), or {@code null} while anonymous
 * @param email    e-mail address, or {@code null}
 * @param phone    phone number (E.164 when known), or {@code null}
 * @param locale   BCP 47 language tag, such as {@code da-DK}, or {@code null}
 * @param timeZone IANA time zone, such as {@code Europe/Copenhagen}, or {@code null} (then the tenant's)
 * @param traits   all traits, as sent with {@code identify}
 */
public record CustomerProfile(UUID id, String userId, String email, String phone, String locale, String timeZone,
                              Map<String, Object> traits) {
}
