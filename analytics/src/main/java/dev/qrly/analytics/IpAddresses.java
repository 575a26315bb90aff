package dev.qrly.analytics;

import java.util.Arrays;

/**
 * IP address text to bytes, and whether an address is worth a geo lookup.
 *
 * <p>{@link #parse} reads only literals: dotted-decimal IPv4 and RFC 4291 IPv6 text (with an
 * embedded IPv4 tail, a zone such as {@code %eth0}, or square brackets). It never resolves a name,
 * which {@code InetAddress.getByName} would do for anything it does not take for a literal, such
 * as {@code 1.2.3} or a host name in a forged header. An IPv4-mapped IPv6 address
 * ({@code ::ffff:1.2.3.4}) comes back as its four IPv4 bytes: the IPv6 tables of a split database
 * have nothing for it, the IPv4 ones do.
 *
 * <p>{@link #isPublic} says no for every range that the IANA special-purpose registries
 * (RFC 6890 and its updates) mark as not globally reachable, or that is documentation, multicast or
 * reserved: a database has nothing true to say about them, and some answer with a made-up record.
 */
final class IpAddresses {

    private IpAddresses() {}

    /** IPv4 ranges that are not looked up, as {address, prefix length}. */
    private static final int[][] V4_NOT_PUBLIC = {
            {v4(0, 0, 0, 0), 8},        // "this network"
            {v4(10, 0, 0, 0), 8},       // private
            {v4(100, 64, 0, 0), 10},    // carrier-grade NAT
            {v4(127, 0, 0, 0), 8},      // loopback
            {v4(169, 254, 0, 0), 16},   // link-local
            {v4(172, 16, 0, 0), 12},    // private
            {v4(192, 0, 0, 0), 24},     // IETF protocol assignments
            {v4(192, 0, 2, 0), 24},     // documentation (TEST-NET-1)
            {v4(192, 88, 99, 0), 24},   // former 6to4 relay anycast
            {v4(192, 168, 0, 0), 16},   // private
            {v4(198, 18, 0, 0), 15},    // benchmarking
            {v4(198, 51, 100, 0), 24},  // documentation (TEST-NET-2)
            {v4(203, 0, 113, 0), 24},   // documentation (TEST-NET-3)
            {v4(224, 0, 0, 0), 4},      // multicast
            {v4(240, 0, 0, 0), 4},      // reserved, and the broadcast address
    };

    private static int v4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    /**
     * The address's bytes: 4 for IPv4 (and IPv4-mapped IPv6), 16 for IPv6; null when the text is not
     * an address literal. Surrounding blanks and square brackets are allowed; a zone is dropped.
     */
    static byte[] parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 100) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return parseV4(s, 0, s.length());
        }
        int zone = s.indexOf('%');
        if (zone == 0 || zone == s.length() - 1) {
            return null;
        }
        byte[] v6 = parseV6(zone < 0 ? s : s.substring(0, zone));
        if (v6 == null) {
            return null;
        }
        return isV4Mapped(v6) ? Arrays.copyOfRange(v6, 12, 16) : v6;
    }

    /** Strict dotted decimal: four parts of 0 to 255, no sign, no leading zero (inet_aton reads those as octal). */
    private static byte[] parseV4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseV6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        byte[] out = new byte[16];
        int head;
        if (doubleColon < 0) {
            head = groups(s, 0, s.length(), out, 0, true);
            return head == 16 ? out : null;
        }
        head = doubleColon == 0 ? 0 : groups(s, 0, doubleColon, out, 0, false);
        if (head < 0) {
            return null;
        }
        int tailFrom = doubleColon + 2;
        if (tailFrom == s.length()) {
            return head <= 14 ? out : null;
        }
        byte[] tail = new byte[16];
        int tailLength = groups(s, tailFrom, s.length(), tail, 0, true);
        if (tailLength < 0 || head + tailLength > 14) {
            return null; // "::" stands for at least one group of zeros
        }
        System.arraycopy(tail, 0, out, 16 - tailLength, tailLength);
        return out;
    }

    /**
     * Reads colon-separated hex groups of s[from, to) into out from offset {@code at}; the last may
     * be a dotted IPv4 address when {@code last}. Returns the bytes written, or -1.
     */
    private static int groups(String s, int from, int to, byte[] out, int at, boolean last) {
        int i = from;
        int n = at;
        while (true) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0) {
                value = value << 4 | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (last && i < to && s.charAt(i) == '.') {
                if (n > 12) {
                    return -1;
                }
                byte[] v4 = parseV4(s, start, to);
                if (v4 == null) {
                    return -1;
                }
                System.arraycopy(v4, 0, out, n, 4);
                return n + 4 - at;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || n > 14) {
                return -1;
            }
            out[n++] = (byte) (value >> 8);
            out[n++] = (byte) value;
            if (i == to) {
                return n - at;
            }
            if (s.charAt(i) != ':') {
                return -1;
            }
            i++;
            if (i == to) {
                return -1; // a trailing single colon
            }
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /**
     * Whether a geo database can say something true about the address: false for private, loopback,
     * link-local, carrier-grade NAT, documentation, benchmarking, multicast and reserved ranges.
     * IPv6 is public only in 2000::/3 (global unicast), less the IETF assignments in 2001::/23
     * (Teredo among them) and the documentation prefixes 2001:db8::/32 and 3fff::/20.
     *
     * @param address 4 or 16 bytes, as from {@link #parse}
     */
    static boolean isPublic(byte[] address) {
        if (address.length == 4) {
            int a = (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff);
            for (int[] range : V4_NOT_PUBLIC) {
                int mask = -1 << (32 - range[1]);
                if ((a & mask) == range[0]) {
                    return false;
                }
            }
            return true;
        }
        int first = (address[0] & 0xff) << 8 | (address[1] & 0xff);
        int second = (address[2] & 0xff) << 8 | (address[3] & 0xff);
        if ((first & 0xe000) != 0x2000) {
            return false; // outside 2000::/3: loopback, unique local, link-local, multicast, NAT64, ...
        }
        if (first == 0x2001 && (second < 0x0200 || second == 0x0db8)) {
            return false; // 2001::/23 IETF protocol assignments, 2001:db8::/32 documentation
        }
        return !(first == 0x3fff && second < 0x1000); // 3fff::/20 documentation
    }
}
