package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.nio.charset.StandardCharsets;

/** Argument checks and escapes shared by the payload builders. */
final class Checks {

    /** Control characters that free text may keep: they have a meaning (tab, line breaks). */
    static final String LINE_BREAKS_AND_TAB = "\t\r\n";

    /** Enough of a rejected value to recognise it, without flooding the message. */
    private static final int MAX_SHOWN = 60;

    /** Longest address SMTP can carry (RFC 5321 section 4.5.3.1.3, less the angle brackets). */
    private static final int MAX_EMAIL_BYTES = 254;

    /** Longest local part (RFC 5321 section 4.5.3.1.1). */
    private static final int MAX_LOCAL_PART_BYTES = 64;

    private Checks() {}

    /**
     * Returns a required value, or refuses its absence naming the field: a missing field in a
     * request is the client's mistake, reported like any other invalid field.
     */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }

    /**
     * Treats null, empty and blank alike as "absent", so that two payloads that mean the same
     * thing produce the same text.
     */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Refuses any control character not listed in {@code allowed}: scanners show them as boxes
     * or drop them, and several formats have no way to escape them.
     */
    static void noControlCharacters(String value, String field, String allowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && allowed.indexOf(c) < 0) {
                throw new InvalidInputException(field, field + " must not contain the control character "
                        + String.format("U+%04X", (int) c) + " (at position " + i + ")");
            }
        }
    }

    /**
     * Quotes a value for an error message: shortened, with control characters spelled out so
     * that a stray newline is visible.
     */
    static String show(String value) {
        int codePoints = value.codePointCount(0, value.length());
        int end = codePoints <= MAX_SHOWN ? value.length() : value.offsetByCodePoints(0, MAX_SHOWN);
        StringBuilder sb = new StringBuilder(end + 8).append('\'');
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (end < value.length()) {
            sb.append('…');
        }
        return sb.append('\'').toString();
    }

    /**
     * Checks a phone number and returns its normalised form: the separators people type
     * (spaces, dashes, dots, parentheses) removed, leaving an optional {@code +} and 3 to 20
     * digits. Scanners dial exactly what is encoded, so the encoded form is kept minimal.
     */
    static String phone(String number, String field) {
        required(number, field);
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                sb.append(c);
            }
        }
        int start = sb.length() > 0 && sb.charAt(0) == '+' ? 1 : 0;
        int digits = sb.length() - start;
        boolean valid = digits >= 3 && digits <= 20;
        for (int i = start; valid && i < sb.length(); i++) {
            valid = sb.charAt(i) >= '0' && sb.charAt(i) <= '9';
        }
        if (!valid) {
            throw new InvalidInputException(field, "a phone number must be 3 to 20 digits with an optional"
                    + " leading + (spaces, dashes, dots and parentheses are ignored), not " + show(number));
        }
        return sb.toString();
    }

    /**
     * Checks an e-mail address closely enough to catch typing mistakes, without trying to
     * implement all of RFC 5322: the mail server is the final judge.
     */
    static void email(String address, String field) {
        required(address, field);
        int bytes = address.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EMAIL_BYTES) {
            throw new InvalidInputException(field, "an e-mail address must be at most " + MAX_EMAIL_BYTES
                    + " bytes long; " + show(address) + " has " + bytes);
        }
        int at = address.indexOf('@');
        if (at < 0 || address.indexOf('@', at + 1) >= 0) {
            throw new InvalidInputException(field, "an e-mail address must contain exactly one @, as in"
                    + " name@example.com, not " + show(address));
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()) {
            throw new InvalidInputException(field, "an e-mail address needs a name before the @, not "
                    + show(address));
        }
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART_BYTES) {
            throw new InvalidInputException(field, "the part before the @ must be at most "
                    + MAX_LOCAL_PART_BYTES + " bytes long in " + show(address));
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new InvalidInputException(field, "an e-mail address must not contain spaces or"
                        + " control characters: " + show(address));
            }
        }
        if (!isDomainName(domain)) {
            throw new InvalidInputException(field, "the part after the @ must be a domain name such as"
                    + " example.com (letters, digits and hyphens, with at least one dot), not "
                    + show(address));
        }
    }

    /** At least two labels of 1 to 63 letters, digits or inner hyphens (RFC 1035, RFC 1123). */
    private static boolean isDomainName(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Puts a backslash before each character of {@code special} (MECARD and WIFI escaping). */
    static String backslashEscape(String value, String special) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (special.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
