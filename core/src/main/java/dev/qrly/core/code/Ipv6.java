package dev.qrly.core.code;

import dev.qrly.core.code.WebHost.InvalidHostException;

/** The WHATWG URL standard's IPv6 parser and serialiser (https://url.spec.whatwg.org/#concept-ipv6). */
final class Ipv6 {

    private Ipv6() {
    }

    /** @return the eight 16-bit pieces of the address between the brackets */
    static int[] parse(String input) {
        int[] address = new int[8];
        int piece = 0;
        int compress = -1;
        int p = 0;
        int n = input.length();
        if (p < n && input.charAt(p) == ':') {
            if (p + 1 >= n || input.charAt(p + 1) != ':') {
                throw invalid("IPv6-invalid-compression", input);
            }
            p += 2;
            piece++;
            compress = piece;
        }
        while (p < n) {
            if (piece == 8) {
                throw invalid("IPv6-too-many-pieces", input);
            }
            if (input.charAt(p) == ':') {
                if (compress >= 0) {
                    throw invalid("IPv6-multiple-compression", input);
                }
                p++;
                piece++;
                compress = piece;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && p < n && hex(input.charAt(p)) >= 0) {
                value = value * 16 + hex(input.charAt(p));
                p++;
                length++;
            }
            if (p < n && input.charAt(p) == '.') {
                if (length == 0) {
                    throw invalid("IPv4-in-IPv6-invalid-code-point", input);
                }
                p -= length;
                if (piece > 6) {
                    throw invalid("IPv4-in-IPv6-too-many-pieces", input);
                }
                int numbersSeen = 0;
                while (p < n) {
                    int part = -1;
                    if (numbersSeen > 0) {
                        if (input.charAt(p) == '.' && numbersSeen < 4) {
                            p++;
                        } else {
                            throw invalid("IPv4-in-IPv6-invalid-code-point", input);
                        }
                    }
                    if (p >= n || !isDigit(input.charAt(p))) {
                        throw invalid("IPv4-in-IPv6-invalid-code-point", input);
                    }
                    while (p < n && isDigit(input.charAt(p))) {
                        int digit = input.charAt(p) - '0';
                        if (part < 0) {
                            part = digit;
                        } else if (part == 0) {
                            throw invalid("IPv4-in-IPv6-invalid-code-point", input);
                        } else {
                            part = part * 10 + digit;
                        }
                        if (part > 255) {
                            throw invalid("IPv4-in-IPv6-out-of-range-part", input);
                        }
                        p++;
                    }
                    address[piece] = address[piece] * 0x100 + part;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        piece++;
                    }
                }
                if (numbersSeen != 4) {
                    throw invalid("IPv4-in-IPv6-too-few-parts", input);
                }
                break;
            } else if (p < n && input.charAt(p) == ':') {
                p++;
                if (p >= n) {
                    throw invalid("IPv6-invalid-code-point", input);
                }
            } else if (p < n) {
                throw invalid("IPv6-invalid-code-point", input);
            }
            address[piece] = value;
            piece++;
        }
        if (compress >= 0) {
            int swaps = piece - compress;
            piece = 7;
            while (piece != 0 && swaps > 0) {
                int t = address[piece];
                address[piece] = address[compress + swaps - 1];
                address[compress + swaps - 1] = t;
                piece--;
                swaps--;
            }
        } else if (piece != 8) {
            throw invalid("IPv6-too-few-pieces", input);
        }
        return address;
    }

    /** Lower-case hex pieces, the first longest run of two or more zero pieces written "::". */
    static String serialise(int[] address) {
        int compress = -1;
        int best = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && address[j] == 0) {
                j++;
            }
            if (j - i > best) {
                best = j - i;
                compress = i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(40);
        boolean ignoreZero = false;
        for (int i = 0; i < 8; i++) {
            if (ignoreZero && address[i] == 0) {
                continue;
            }
            ignoreZero = false;
            if (compress == i) {
                out.append(i == 0 ? "::" : ":");
                ignoreZero = true;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i != 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    /** The IPv4 address an IPv4-mapped address ({@code ::ffff:a.b.c.d}) reaches, or -1. */
    static long mappedIpv4(int[] address) {
        for (int i = 0; i < 5; i++) {
            if (address[i] != 0) {
                return -1;
            }
        }
        return address[5] == 0xFFFF ? ((long) address[6] << 16) | address[7] : -1;
    }

    private static int hex(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static InvalidHostException invalid(String error, String input) {
        return new InvalidHostException(error + ": '[" + input + "]' is not an IPv6 address");
    }
}
