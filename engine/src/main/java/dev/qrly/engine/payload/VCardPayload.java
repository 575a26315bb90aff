package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A contact card in vCard 3.0 (RFC 2426), the format every phone's address book imports.
 *
 * <p>Lines end in CRLF, the last one included, as the RFC's grammar requires. Text values are
 * escaped as section 4 of the RFC says: backslash, comma and semicolon get a backslash, and a
 * line break (CRLF, CR or LF) becomes {@code \n}. Long lines are not folded: folding is
 * optional, costs space in the code, and readers that do not expect it break words apart.
 *
 * <p>Null, empty and blank optional values are all stored as null and left out. Text values
 * may contain tabs and line breaks but no other control characters. Use {@link #builder()}
 * rather than the canonical constructor, which has ten parameters.
 *
 * @param formattedName the name as displayed ({@code FN}); may be null, in which case it is
 *     derived from the given and family names; at least one of the three must be present
 * @param givenName the given name (in {@code N}); may be null
 * @param familyName the family name (in {@code N}); may be null
 * @param org the organisation; may be null
 * @param title the job title; may be null
 * @param phones the phone numbers, in order; may be null (stored as empty); no null elements
 * @param emails the e-mail addresses, in order, each valid as for {@link EmailPayload}; may be
 *     null (stored as empty); no null elements
 * @param url a web address, valid as for {@link UrlPayload} and stored in its ASCII form; may be
 *     null
 * @param address the postal address; may be null
 * @param note free text; may be null
 */
public record VCardPayload(
        String formattedName, String givenName, String familyName, String org, String title,
        List<Phone> phones, List<String> emails, String url, PostalAddress address, String note)
        implements Payload {

    private static final String CRLF = "\r\n";

    /**
     * Checks every field and derives the formatted name if it is absent.
     *
     * @throws InvalidInputException if a list contains null
     * @throws InvalidInputException (field {@code "name"}) if no name is given at all; (field
     *     {@code "email"}) if an address is malformed; (field {@code "url"}) if the URL is
     *     invalid; (the field's own name) if a text value contains a forbidden control character
     */
    public VCardPayload {
        formattedName = text(formattedName, "name");
        givenName = text(givenName, "givenName");
        familyName = text(familyName, "familyName");
        org = text(org, "org");
        title = text(title, "title");
        note = text(note, "note");
        if (formattedName == null) {
            if (givenName == null && familyName == null) {
                throw new InvalidInputException("name", "a contact card needs a name: give a full name,"
                        + " a given name or a family name");
            }
            formattedName = givenName == null ? familyName
                    : familyName == null ? givenName
                    : givenName + " " + familyName;
        }
        phones = phones == null ? List.of() : List.copyOf(phones);
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
        StringBuilder sb = new StringBuilder(256)
                .append("BEGIN:VCARD").append(CRLF)
                .append("VERSION:3.0").append(CRLF)
                .append("N:").append(escape(familyName)).append(';').append(escape(givenName))
                .append(";;;").append(CRLF)
                .append("FN:").append(escape(formattedName)).append(CRLF);
        line(sb, "ORG", org);
        line(sb, "TITLE", title);
        for (Phone phone : phones) {
            sb.append("TEL");
            if (phone.type() != null) {
                sb.append(";TYPE=").append(phone.type().name());
            }
            sb.append(':').append(phone.number()).append(CRLF);
        }
        for (String email : emails) {
            line(sb, "EMAIL", email);
        }
        if (url != null) {
            // URL's value type is uri, not text, so it is not escaped (RFC 2426 section 3.6.8).
            sb.append("URL:").append(url).append(CRLF);
        }
        if (address != null) {
            sb.append("ADR:;;").append(escape(address.street()))
                    .append(';').append(escape(address.city()))
                    .append(';').append(escape(address.region()))
                    .append(';').append(escape(address.postcode()))
                    .append(';').append(escape(address.country())).append(CRLF);
        }
        line(sb, "NOTE", note);
        return sb.append("END:VCARD").append(CRLF).toString();
    }

    @Override
    public String type() {
        return "vcard";
    }

    private static void line(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(name).append(':').append(escape(value)).append(CRLF);
        }
    }

    private static String text(String value, String field) {
        value = Checks.optional(value);
        if (value != null) {
            Checks.noControlCharacters(value, field, Checks.LINE_BREAKS_AND_TAB);
        }
        return value;
    }

    /** RFC 2426 section 4, {@code text-value}; null is an empty component. */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case ',' -> sb.append("\\,");
                case ';' -> sb.append("\\;");
                case '\n' -> sb.append("\\n");
                case '\r' -> {
                    sb.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Collects the fields of a card; {@link #build()} checks them all. Setting a single-valued
     * field again replaces it; phones and e-mail addresses accumulate. Not thread-safe.
     */
    public static final class Builder {
        private String formattedName;
        private String givenName;
        private String familyName;
        private String org;
        private String title;
        private final List<Phone> phones = new ArrayList<>();
        private final List<String> emails = new ArrayList<>();
        private String url;
        private PostalAddress address;
        private String note;

        private Builder() {}

        /**
         * Sets the displayed name ({@code FN}); without one, it is derived from the other two.
         *
         * @param name the displayed name; may be null
         * @return this builder
         */
        public Builder name(String name) {
            this.formattedName = name;
            return this;
        }

        /**
         * Sets the given name.
         *
         * @param givenName the given name; may be null
         * @return this builder
         */
        public Builder givenName(String givenName) {
            this.givenName = givenName;
            return this;
        }

        /**
         * Sets the family name.
         *
         * @param familyName the family name; may be null
         * @return this builder
         */
        public Builder familyName(String familyName) {
            this.familyName = familyName;
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
         * Sets the job title.
         *
         * @param title the job title; may be null
         * @return this builder
         */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /**
         * Adds a phone number.
         *
         * @param number the number, as for {@link Phone}; not null
         * @param type the kind of number; may be null
         * @return this builder
         * @throws InvalidInputException if {@code number} is missing
         * @throws InvalidInputException (field {@code "phone"}) if the number is malformed
         */
        public Builder phone(String number, Phone.Type type) {
            phones.add(new Phone(number, type));
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
         * @param url the web address; may be null
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Sets the postal address.
         *
         * @param address the postal address; may be null
         * @return this builder
         */
        public Builder address(PostalAddress address) {
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
         * Checks the fields and makes the card.
         *
         * @return the card
         * @throws InvalidInputException as for the {@link VCardPayload} constructor
         */
        public VCardPayload build() {
            return new VCardPayload(formattedName, givenName, familyName, org, title,
                    phones, emails, url, address, note);
        }
    }
}
