package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

/**
 * A phone number to call, as a {@code tel:} URI (RFC 3966): {@code tel:+41446681800}.
 *
 * @param number the number; not null; after removing spaces, dashes, dots and parentheses, an
 *     optional leading {@code +} and 3 to 20 digits; stored in that normalised form
 */
public record TelPayload(String number) implements Payload {

    /**
     * Checks and normalises the number.
     *
     * @throws InvalidInputException if {@code number} is missing
     * @throws InvalidInputException (field {@code "phone"}) if the number is malformed
     */
    public TelPayload {
        number = Checks.phone(Checks.required(number, "phone"), "phone");
    }

    @Override
    public String text() {
        return "tel:" + number;
    }

    @Override
    public String type() {
        return "tel";
    }
}
