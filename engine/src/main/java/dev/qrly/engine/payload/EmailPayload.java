package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * An e-mail to write, as a {@code mailto:} URI (RFC 6068):
 * {@code mailto:name@example.com?subject=…&body=…}.
 *
 * <p>Every byte of the UTF-8 form outside the URI unreserved set ({@code A-Z a-z 0-9 - . _ ~})
 * is percent-encoded, in the address as well as in the subject and body. A space becomes
 * {@code %20}, never {@code +}: in a {@code mailto:} URI a plus sign is a plus sign, and
 * addresses such as {@code name+tag@example.com} must survive decoders that think otherwise.
 *
 * @param address the recipient; not null; one {@code @}, a non-empty part before it without
 *     spaces or control characters (at most 64 bytes), a domain name with at least one dot after
 *     it, at most 254 bytes in all
 * @param subject the subject line; may be null, empty or blank (all stored as null); no control
 *     characters, line breaks included, since a subject is a single header line
 * @param body the message; may be null, empty or blank (all stored as null); no control
 *     characters except tab and line breaks, which are encoded as CRLF as RFC 6068 requires
 */
public record EmailPayload(String address, String subject, String body) implements Payload {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * Checks the address, subject and body.
     *
     * @throws InvalidInputException if {@code address} is missing
     * @throws InvalidInputException (field {@code "email"}) if the address is malformed;
     *     (field {@code "subject"} or {@code "body"}) if they contain forbidden control characters
     */
    public EmailPayload {
        Checks.email(Checks.required(address, "email"), "email");
        subject = Checks.optional(subject);
        body = Checks.optional(body);
        if (subject != null) {
            Checks.noControlCharacters(subject, "subject", "");
        }
        if (body != null) {
            Checks.noControlCharacters(body, "body", Checks.LINE_BREAKS_AND_TAB);
        }
    }

    /**
     * An e-mail with only a recipient.
     *
     * @param address the recipient, as for the canonical constructor; not null
     * @throws InvalidInputException if {@code address} is missing
     * @throws InvalidInputException (field {@code "email"}) if the address is malformed
     */
    public EmailPayload(String address) {
        this(address, null, null);
    }

    @Override
    public String text() {
        int at = address.indexOf('@');
        StringBuilder sb = new StringBuilder("mailto:")
                .append(percentEncode(address.substring(0, at)))
                .append('@')
                .append(address.substring(at + 1));
        char separator = '?';
        if (subject != null) {
            sb.append(separator).append("subject=").append(percentEncode(subject));
            separator = '&';
        }
        if (body != null) {
            sb.append(separator).append("body=").append(percentEncode(crlf(body)));
        }
        return sb.toString();
    }

    @Override
    public String type() {
        return "email";
    }

    /** RFC 6068 section 5: line breaks in the body must be encoded as %0D%0A. */
    private static String crlf(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }

    static String percentEncode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }
}
