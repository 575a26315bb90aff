package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

/**
 * One phone number of a contact card, with its kind.
 *
 * @param number the number; not null; after removing spaces, dashes, dots and parentheses, an
 *     optional leading {@code +} and 3 to 20 digits; stored in that normalised form
 * @param type the kind of number; may be null for none
 */
public record Phone(String number, Type type) {

    /** The kinds of phone number, written in a vCard as {@code TEL;TYPE=…}. */
    public enum Type {
        /** A mobile phone. */
        CELL,
        /** A phone at home. */
        HOME,
        /** A phone at work. */
        WORK,
        /** A fax machine. */
        FAX
    }

    /**
     * Checks and normalises the number.
     *
     * @throws InvalidInputException if {@code number} is missing
     * @throws InvalidInputException (field {@code "phone"}) if the number is malformed
     */
    public Phone {
        number = Checks.phone(Checks.required(number, "phone"), "phone");
    }

    /**
     * A number of no particular kind.
     *
     * @param number the number, as for the canonical constructor; not null
     * @throws InvalidInputException if {@code number} is missing
     * @throws InvalidInputException (field {@code "phone"}) if the number is malformed
     */
    public Phone(String number) {
        this(number, null);
    }
}
