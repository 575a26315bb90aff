package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

/**
 * A text message to send, as {@code SMSTO:<number>:<message>}, the form that Android and iOS
 * scanners both open in the messaging app.
 *
 * <p>The format has no escaping. It needs none: the number cannot contain a colon, so the first
 * colon after it starts the message and any later colon belongs to the message.
 *
 * @param number the recipient; not null; after removing spaces, dashes, dots and parentheses, an
 *     optional leading {@code +} and 3 to 20 digits; stored in that normalised form
 * @param message the text to prefill; may be null, empty or blank (all stored as null, and then
 *     only {@code SMSTO:<number>} is encoded); no control characters except tab and line breaks
 */
public record SmsPayload(String number, String message) implements Payload {

    /**
     * Checks and normalises the number and checks the message.
     *
     * @throws InvalidInputException if {@code number} is missing
     * @throws InvalidInputException (field {@code "phone"}) if the number is malformed;
     *     (field {@code "message"}) if the message contains forbidden control characters
     */
    public SmsPayload {
        number = Checks.phone(Checks.required(number, "phone"), "phone");
        message = Checks.optional(message);
        if (message != null) {
            Checks.noControlCharacters(message, "message", Checks.LINE_BREAKS_AND_TAB);
        }
    }

    /**
     * A message to a number, with nothing prefilled.
     *
     * @param number the recipient, as for the canonical constructor; not null
     * @throws InvalidInputException if {@code number} is missing
     * @throws InvalidInputException (field {@code "phone"}) if the number is malformed
     */
    public SmsPayload(String number) {
        this(number, null);
    }

    @Override
    public String text() {
        return message == null ? "SMSTO:" + number : "SMSTO:" + number + ":" + message;
    }

    @Override
    public String type() {
        return "sms";
    }
}
