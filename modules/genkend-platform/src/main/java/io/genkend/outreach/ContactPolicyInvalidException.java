package io.genkend.outreach;

import io.genkend.api.FieldErrorsException;

import java.util.List;
import java.util.Map;

/**
 * Contact-policy settings were refused because fields are invalid; nothing was written. The REST API answers it
 * as a 400 {@code validation} problem; the contact-policy page shows each error next to its field.
 */
public class ContactPolicyInvalidException extends FieldErrorsException {

    /**
     * @param message a sentence for people
     * @param errors  one entry per field: {@code field} ({@code caps.EMAIL.DAY}, {@code caps.X} for an unknown
     *                scope, {@code quietStart}, {@code quietEnd}, {@code responseWindowHours}, {@code senderEmail},
     *                {@code smsUrl}, {@code pushUrl}) and {@code message} (English)
     */
    public ContactPolicyInvalidException(String message, List<Map<String, String>> errors) {
        super(message, errors);
    }
}
