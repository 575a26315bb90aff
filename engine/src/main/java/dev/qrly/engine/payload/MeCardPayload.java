package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A contact card in DoCoMo's MECARD format, more compact than a vCard but with fewer fields:
 * {@code MECARD:N:family,given;TEL:…;EMAIL:…;URL:…;ADR:…;NOTE:…;ORG:…;;}.
 *
 * <p>Backslash, semicolon, comma, colon and double quote are escaped with a backslash in every
 * value, the URL included, as the format requires. MECARD has no escape for line breaks, so
 * they are written as they are; readers keep them. The address is a single free-form value.
 *
 * <p>Null, empty and blank optional values are all stored as null and left out. Text values
 * may contain tabs and line breaks but no other control characters.
 *
 * @param familyName the family name; may be null if {@code givenName} is present
 * @param givenName the given name; may be null if {@code familyName} is present
 * @param phones the phone numbers, each as for {@link TelPayload} and stored normalised; may be
 *     null (stored as empty); no null elements
 * @param emails the e-mail addresses, each valid as for {@link EmailPayload}; may be null
 *     (stored as empty); no null elements
 * @param url a web address, valid as for {@link UrlPayload} and stored in its ASCII form; may be
 *     null
 * @param address the postal address, free-form; may be null
 * @param note free text; may be null
 * @param org the organisation; may be null
 */
public record MeCardPayload(
        String familyName, String givenName, List<String> phones, List<String> emails,
        String url, String address, String note, String org) implements Payload {

    private static final String SPECIAL = "\\;,:\"";

    /**
     * Checks every field and normalises the phone numbers.
     *
     * @throws InvalidInputException if a list contains null
     * @throws InvalidInputException (field {@code "name"}) if both names are absent; (field
     *     {@code "phone"}, {@code "email"} or {@code "url"}) if such a value is malformed; (the
     *     field's own name) if a text value contains a forbidden control character
     */
    public MeCardPayload {
        familyName = text(familyName, "familyName");
        givenName = text(givenName, "givenName");
        address = text(address, "address");
        note = text(note, "note");
        org = text(org, "org");
        if (familyName == null && givenName == null) {
            throw new InvalidInputException("name", "a contact card needs a name: give a given name or"
                    + " a family name");
        }
        List<String> normalised = new ArrayList<>();
        for (String phone : phones == null ? List.<String>of() : phones) {
            normalised.add(Checks.phone(Checks.required(phone, "phone"), "phone"));
        }
        phones = List.copyOf(normalised);
        emails = emails == null ? List.of() : List.copyOf(emails);
        for (String email : emails) {
            Checks.email(email, "email");
        }
        url = Checks.optional(url) == null ? null : new UrlPayload(url).url();
    }

    /**
     * Starts an empty card.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String text() {
        StringBuilder sb = new StringBuilder(128).append("MECARD:N:");
        if (familyName != null) {
            sb.append(escape(familyName));
        }
        if (familyName != null && givenName != null) {
            sb.append(',');
        }
        if (givenName != null) {
            sb.append(escape(givenName));
        }
        sb.append(';');
        for (String phone : phones) {
            field(sb, "TEL", phone);
        }
        for (String email : emails) {
            field(sb, "EMAIL", email);
        }
        field(sb, "URL", url);
        field(sb, "ADR", address);
        field(sb, "NOTE", note);
        field(sb, "ORG", org);
        return sb.append(';').toString();
    }

    @Override
    public String type() {
        return "mecard";
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(name).append(':').append(escape(value)).append(';');
        }
    }

    private static String escape(String value) {
        return Checks.backslashEscape(value, SPECIAL);
    }

    private static String text(String value, String field) {
        value = Checks.optional(value);
        if (value != null) {
            Checks.noControlCharacters(value, field, Checks.LINE_BREAKS_AND_TAB);
        }
        return value;
    }

    /**
     * Collects the fields of a card; {@link #build()} checks them all. Setting a single-valued
     * field again replaces it; phones and e-mail addresses accumulate. Not thread-safe.
     */
    public static final class Builder {
        private String familyName;
        private String givenName;
        private final List<String> phones = new ArrayList<>();
        private final List<String> emails = new ArrayList<>();
        private String url;
        private String address;
        private String note;
        private String org;

        private Builder() {}

        /**
         * Sets both names.
         *
         * @param familyName the family name; may be null
         * @param givenName the given name; may be null
         * @return this builder
         */
        public Builder name(String familyName, String givenName) {
            this.familyName = familyName;
            this.givenName = givenName;
            return this;
        }

        /**
         * Adds a phone number; it is checked by {@link #build()}.
         *
         * @param number the number; not null
         * @return this builder
         * @throws InvalidInputException if {@code number} is missing
         */
        public Builder phone(String number) {
            phones.add(Checks.required(number, "phone"));
            return this;
        }

        /**
         * Adds an e-mail address; it is checked by {@link #build()}.
         *
         * @param email the address; not null
         * @return this builder
         * @throws InvalidInputException if {@code email} is missing
         */
        public Builder email(String email) {
            emails.add(Checks.required(email, "email"));
            return this;
        }

        /**
         * Sets the web address; it is checked by {@link #build()}.
         *
         * @param url the address; may be null
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Sets the postal address.
         *
         * @param address the address, free-form; may be null
         * @return this builder
         */
        public Builder address(String address) {
            this.address = address;
            return this;
        }

        /**
         * Sets the note.
         *
         * @param note free text; may be null
         * @return this builder
         */
        public Builder note(String note) {
            this.note = note;
            return this;
        }

        /**
         * Sets the organisation.
         *
         * @param org the organisation; may be null
         * @return this builder
         */
        public Builder org(String org) {
            this.org = org;
            return this;
        }

        /**
         * Checks the fields and makes the card.
         *
         * @return the card
         * @throws InvalidInputException as for the {@link MeCardPayload} constructor
         */
        public MeCardPayload build() {
            return new MeCardPayload(familyName, givenName, phones, emails, url, address, note, org);
        }
    }
}
