package io.genkend.decision;

import io.genkend.api.FieldErrorsException;

import java.util.List;
import java.util.Map;

/**
 * An offer was refused because fields are invalid; nothing was written. The REST API
 * answers it as a 400 {@code validation} problem with these errors; the offers page shows each next to its field.
 */
public class OfferInvalidException extends FieldErrorsException {

    /**
     * @param message a sentence for people
     * @param errors  one entry per field: {@code field} (dotted path of {@link OfferSpec}, such as {@code value},
     *                {@code prior}, {@code applicability.recentWindowDays}, {@code eligibilityDmn}) and
     *                {@code message} (English)
     */
    public OfferInvalidException(String message, List<Map<String, String>> errors) {
        super(message, errors);
    }
}
