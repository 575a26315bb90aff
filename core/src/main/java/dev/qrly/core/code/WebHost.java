package dev.qrly.core.code;

import com.ibm.icu.text.IDNA;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The host of a web URL as a browser reads it: the WHATWG URL standard's host parser for special
 * schemes (https://url.spec.whatwg.org/#host-parsing), with its serialisation. No network.
 *
 * <p>It percent-decodes the host, maps it by UTS 46 (full-width letters to ASCII, case folding,
 * punycode), refuses forbidden code points and reads a name whose last label is a number as an IPv4
 * address in any of its spellings ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.1},
 * {@code 127.1}): each becomes the dotted decimal a browser would connect to.
 *
 * <p>UTS 46 comes from ICU4J, as in Chromium and Firefox: the JDK's {@link java.net.IDN} is IDNA
 * 2003, which maps {@code ß} and {@code ς} away and knows no Unicode after 3.2, so it names other
 * hosts than browsers do.
 *
 * @param serialised the host as the URL's {@code hostname} shows it: a lower-case ASCII name,
 *     dotted-decimal IPv4 or bracketed compressed IPv6
 * @param ipv4 the address as an unsigned 32-bit number if the host is IPv4, or an IPv4-mapped IPv6
 *     address ({@code ::ffff:a.b.c.d}, which reaches {@code a.b.c.d}); -1 otherwise
 */
public record WebHost(String serialised, long ipv4) {

    /** Thrown for a host a browser refuses: the message names the WHATWG validation error. */
    public static final class InvalidHostException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidHostException(String message) {
            super(message);
        }
    }

    // Nontransitional, CheckBidi, CheckJoiners, no STD3 rules: the options the URL standard sets
    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);
    // CheckHyphens and VerifyDnsLength are false in the standard: ICU checks them always, so they are ignored
    private static final Set<IDNA.Error> IGNORED = EnumSet.of(IDNA.Error.EMPTY_LABEL, IDNA.Error.LABEL_TOO_LONG,
            IDNA.Error.DOMAIN_NAME_TOO_LONG, IDNA.Error.LEADING_HYPHEN, IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4);

    /** True for a domain name, false for an IP address. */
    public boolean isDomain() {
        return ipv4 < 0 && !serialised.startsWith("[");
    }

    /**
     * Parses a host as a browser does for an {@code http(s)} URL.
     *
     * @param input the host as written between the authority's {@code @} and port; not null
     * @return the host a browser would contact
     * @throws InvalidHostException if a browser would refuse the URL for its host
     */
    public static WebHost parse(String input) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]")) {
                throw new InvalidHostException("IPv6-unclosed: '" + input + "' has no closing ']'");
            }
            int[] pieces = Ipv6.parse(input.substring(1, input.length() - 1));
            return new WebHost("[" + Ipv6.serialise(pieces) + "]", Ipv6.mappedIpv4(pieces));
        }
        String domain = new String(percentDecode(input), StandardCharsets.UTF_8);
        String ascii = domainToAscii(domain);
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (isForbiddenDomainCodePoint(c)) {
                throw new InvalidHostException("domain-invalid-code-point: the host holds "
                        + (c < 0x21 || c == 0x7F ? String.format("U+%04X", (int) c) : "'" + c + "'")
                        + ", which no host name may");
            }
        }
        if (Ipv4.endsInNumber(ascii)) {
            long address = Ipv4.parse(ascii);
            return new WebHost(Ipv4.serialise(address), address);
        }
        return new WebHost(ascii, -1);
    }

    private static String domainToAscii(String domain) {
        if (isPlainAscii(domain)) {
            return domain.toLowerCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder(domain.length() + 16);
        IDNA.Info info = new IDNA.Info();
        UTS46.nameToASCII(domain, out, info);
        Set<IDNA.Error> errors = EnumSet.noneOf(IDNA.Error.class);
        errors.addAll(info.getErrors());
        errors.removeAll(IGNORED);
        if (!errors.isEmpty()) {
            throw new InvalidHostException("domain-to-ASCII: '" + domain + "' is not a valid international name " + errors);
        }
        if (out.isEmpty()) {
            throw new InvalidHostException("domain-to-ASCII: the host is empty once mapped");
        }
        return out.toString();
    }

    // ASCII with no label starting "xn--": UTS 46 would only lower-case it (the standard's own shortcut)
    private static boolean isPlainAscii(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) >= 0x80) {
                return false;
            }
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.regionMatches(true, 0, "xn--", 0, 4)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isForbiddenDomainCodePoint(char c) {
        return c <= 0x20 || c == 0x7F || "#%/:<>?@[\\]^|".indexOf(c) >= 0;
    }

    /** Percent-decodes to bytes as the standard does: a '%' without two hex digits stays as it is. */
    static byte[] percentDecode(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int hi = i + 2 < bytes.length && bytes[i] == '%' ? Character.digit(bytes[i + 1], 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(bytes[i + 2], 16);
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    /** IPv4 in the standard's forms: one to four parts, each decimal, octal (0…) or hex (0x…). */
    static final class Ipv4 {
        private Ipv4() {
        }

        static boolean endsInNumber(String host) {
            String[] parts = host.split("\\.", -1);
            int last = parts.length - 1;
            if (parts[last].isEmpty()) {
                if (parts.length == 1) {
                    return false;
                }
                last--;
            }
            String part = parts[last];
            if (!part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return true;
            }
            return number(part) >= 0;
        }

        static long parse(String host) {
            String[] parts = host.split("\\.", -1);
            int count = parts.length;
            if (parts[count - 1].isEmpty() && count > 1) {
                count--;
            }
            if (count > 4) {
                throw new InvalidHostException("IPv4-too-many-parts: '" + host + "' has more than four parts");
            }
            long[] numbers = new long[count];
            for (int i = 0; i < count; i++) {
                numbers[i] = number(parts[i]);
                if (numbers[i] < 0) {
                    throw new InvalidHostException("IPv4-non-numeric-part: part '" + parts[i] + "' of '" + host
                            + "' is not a number, yet the last part is");
                }
                if (i < count - 1 && numbers[i] > 255) {
                    throw new InvalidHostException("IPv4-out-of-range-part: part '" + parts[i] + "' of '" + host + "' is over 255");
                }
            }
            long last = numbers[count - 1];
            if (last >= 1L << (8 * (5 - count))) {
                throw new InvalidHostException("IPv4-out-of-range-part: the last part of '" + host + "' is too large");
            }
            long address = last;
            for (int i = 0; i < count - 1; i++) {
                address += numbers[i] << (8 * (3 - i));
            }
            return address;
        }

        /** The part's value (capped above 2^32), or -1 if it is not a number in any of the three bases. */
        private static long number(String part) {
            if (part.isEmpty()) {
                return -1;
            }
            int radix = 10;
            String digits = part;
            if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
                radix = 16;
                digits = part.substring(2);
            } else if (part.length() >= 2 && part.charAt(0) == '0') {
                radix = 8;
                digits = part.substring(1);
            }
            long value = 0;
            for (int i = 0; i < digits.length(); i++) {
                int d = Character.digit(digits.charAt(i), radix);
                if (d < 0 || digits.charAt(i) >= 0x80) {
                    return -1;
                }
                value = Math.min(value * radix + d, 1L << 40);
            }
            return value;
        }

        static String serialise(long address) {
            return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
        }
    }
}
