package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

/**
 * A postal address for a contact card, in the parts of the vCard {@code ADR} property
 * (RFC 2426 section 3.2.1); the post office box and extended address parts are not used.
 *
 * <p>Every part is optional, but at least one must be given. Null, empty and blank parts are
 * all stored as null. Parts may contain line breaks and tabs, but no other control characters.
 *
 * @param street the street address, possibly over several lines; may be null
 * @param city the locality; may be null
 * @param region the state, province or canton; may be null
 * @param postcode the postal code; may be null
 * @param country the country name; may be null
 */
public record PostalAddress(String street, String city, String region, String postcode, String country) {

    /**
     * Checks the parts.
     *
     * @throws InvalidInputException (field {@code "address"}) if every part is absent; (field
     *     {@code "street"}, {@code "city"}, {@code "region"}, {@code "postcode"} or
     *     {@code "country"}) if a part contains a forbidden control character
     */
    public PostalAddress {
        street = part(street, "street");
        city = part(city, "city");
        region = part(region, "region");
        postcode = part(postcode, "postcode");
        country = part(country, "country");
        if (street == null && city == null && region == null && postcode == null && country == null) {
            throw new InvalidInputException("address", "an address needs at least one of street, city,"
                    + " region, postcode or country");
        }
    }

    private static String part(String value, String field) {
        value = Checks.optional(value);
        if (value != null) {
            Checks.noControlCharacters(value, field, Checks.LINE_BREAKS_AND_TAB);
        }
        return value;
    }
}
