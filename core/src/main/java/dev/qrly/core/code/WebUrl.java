package dev.qrly.core.code;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An absolute web URL ({@code http}, {@code https}, {@code ws}, {@code wss}, {@code ftp}) parsed
 * the way browsers parse it: the WHATWG URL standard's basic URL parser without a base URL
 * (https://url.spec.whatwg.org/#concept-basic-url-parser), and its serialisation. No network.
 *
 * <p>A link is only as honest as the reading of it: a check that reads a different host from the
 * one the browser contacts is no check. So this follows the standard even where it is lenient
 * (tabs and newlines dropped, backslashes read as slashes, any number of slashes after the scheme,
 * IPv4 in decimal, octal or hex), and records the lenient readings it made as {@link Flaw}s for a
 * caller to refuse. Other schemes ({@code file:}, {@code mailto:}, …) are not parsed.
 */
public final class WebUrl {

    /** Validation errors of the standard that a caller may want to refuse (names as in the standard). */
    public enum Flaw {
        /** A user name or password, or just an {@code @}, before the host ({@code invalid-credentials}). */
        INVALID_CREDENTIALS,
        /** A backslash read as a slash ({@code invalid-reverse-solidus}). */
        INVALID_REVERSE_SOLIDUS,
        /** Other than exactly "//" after the scheme ({@code special-scheme-missing-following-solidus}). */
        SPECIAL_SCHEME_MISSING_FOLLOWING_SOLIDUS,
        /** Leading or trailing C0 controls or spaces, or tabs and newlines anywhere, dropped ({@code invalid-URL-unit}). */
        STRIPPED_WHITESPACE
    }

    /** Thrown for input a browser refuses ({@code new URL(input)} throws); the message says why. */
    public static final class InvalidUrlException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidUrlException(String message) {
            super(message);
        }
    }

    private static final List<String> SCHEMES = List.of("http", "https", "ws", "wss", "ftp");
    private static final int[] DEFAULT_PORTS = {80, 443, 80, 443, 21};

    private final String scheme;
    private final String username;
    private final String password;
    private final WebHost host;
    private final int port;
    private final List<String> path;
    private final String query;
    private final String fragment;
    private final Set<Flaw> flaws;

    private WebUrl(String scheme, String username, String password, WebHost host, int port, List<String> path, String query,
            String fragment, Set<Flaw> flaws) {
        this.scheme = scheme;
        this.username = username;
        this.password = password;
        this.host = host;
        this.port = port;
        this.path = List.copyOf(path);
        this.query = query;
        this.fragment = fragment;
        this.flaws = Collections.unmodifiableSet(flaws);
    }

    /** True if the scheme (letters before the first ':') is one this class parses, in any case. */
    public static boolean isWebScheme(String scheme) {
        return SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    /**
     * Parses an absolute URL as {@code new URL(input)} does in a browser.
     *
     * @param input not null
     * @throws InvalidUrlException if a browser would refuse it, or its scheme is not a web scheme
     *     (the message then starts "unsupported-scheme")
     */
    public static WebUrl parse(String input) {
        Set<Flaw> flaws = EnumSet.noneOf(Flaw.class);
        String s = clean(input, flaws);
        int colon = schemeEnd(s);
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        int schemeIndex = SCHEMES.indexOf(scheme);
        if (schemeIndex < 0) {
            throw new InvalidUrlException("unsupported-scheme: '" + scheme + ":' is not one of " + SCHEMES);
        }
        int p = colon + 1;
        // special authority slashes, then special authority ignore slashes
        if (!s.startsWith("//", p)) {
            flaws.add(Flaw.SPECIAL_SCHEME_MISSING_FOLLOWING_SOLIDUS);
        } else {
            p += 2;
        }
        while (p < s.length() && (s.charAt(p) == '/' || s.charAt(p) == '\\')) {
            flaws.add(s.charAt(p) == '\\' ? Flaw.INVALID_REVERSE_SOLIDUS : Flaw.SPECIAL_SCHEME_MISSING_FOLLOWING_SOLIDUS);
            p++;
        }
        // authority: up to the first of / \ ? # ; userinfo up to its last '@'
        int end = p;
        while (end < s.length() && "/\\?#".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        int at = s.lastIndexOf('@', end - 1);
        String username = "";
        String password = "";
        if (at >= p) {
            flaws.add(Flaw.INVALID_CREDENTIALS);
            String userinfo = s.substring(p, at).replace("@", "%40");
            int split = userinfo.indexOf(':');
            username = Encoding.encode(split < 0 ? userinfo : userinfo.substring(0, split), Encoding.USERINFO);
            password = split < 0 ? "" : Encoding.encode(userinfo.substring(split + 1), Encoding.USERINFO);
            if (at + 1 == end) {
                throw new InvalidUrlException("host-missing: nothing follows the '@' where the host should be");
            }
            p = at + 1;
        }
        int portColon = -1;
        boolean inBrackets = false;
        for (int i = p; i < end; i++) {
            char c = s.charAt(i);
            if (c == '[') {
                inBrackets = true;
            } else if (c == ']') {
                inBrackets = false;
            } else if (c == ':' && !inBrackets) {
                portColon = i;
                break;
            }
        }
        String hostText = s.substring(p, portColon < 0 ? end : portColon);
        if (hostText.isEmpty()) {
            throw new InvalidUrlException("host-missing: an " + scheme + " URL needs a host");
        }
        WebHost host;
        try {
            host = WebHost.parse(hostText);
        } catch (WebHost.InvalidHostException e) {
            throw new InvalidUrlException(e.getMessage());
        }
        int port = portColon < 0 ? -1 : port(s.substring(portColon + 1, end));
        if (port == DEFAULT_PORTS[schemeIndex]) {
            port = -1;
        }
        // path, query, fragment
        int queryAt = s.indexOf('?', end);
        int hashAt = s.indexOf('#', end);
        if (hashAt >= 0 && queryAt > hashAt) {
            queryAt = -1;
        }
        int pathEnd = queryAt >= 0 ? queryAt : hashAt >= 0 ? hashAt : s.length();
        List<String> path = path(s.substring(end, pathEnd), flaws);
        String query = queryAt < 0 ? null : Encoding.encode(s.substring(queryAt + 1, hashAt >= 0 ? hashAt : s.length()),
                Encoding.SPECIAL_QUERY);
        String fragment = hashAt < 0 ? null : Encoding.encode(s.substring(hashAt + 1), Encoding.FRAGMENT);
        return new WebUrl(scheme, username, password, host, port, path, query, fragment, flaws);
    }

    // the standard's first steps: strip C0 controls and spaces at the ends, drop every tab and newline
    private static String clean(String input, Set<Flaw> flaws) {
        int start = 0;
        int end = input.length();
        while (start < end && input.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && input.charAt(end - 1) <= 0x20) {
            end--;
        }
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = input.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        if (start > 0 || end < input.length() || out.length() != end - start) {
            flaws.add(Flaw.STRIPPED_WHITESPACE);
        }
        return out.toString();
    }

    private static int schemeEnd(String s) {
        if (s.isEmpty() || !isAsciiAlpha(s.charAt(0))) {
            throw new InvalidUrlException("missing-scheme-non-relative-URL: the URL does not start with a scheme such as https:");
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                break;
            }
        }
        throw new InvalidUrlException("missing-scheme-non-relative-URL: the URL does not start with a scheme such as https:");
    }

    private static int port(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidUrlException("port-invalid: the port '" + digits + "' is not a number");
            }
            value = value * 10 + (c - '0');
            if (value > 65535) {
                throw new InvalidUrlException("port-out-of-range: the port '" + digits + "' is over 65535");
            }
        }
        return (int) value;
    }

    // the path state: segments split at / and \, "." and ".." (also percent-encoded) resolved
    private static List<String> path(String text, Set<Flaw> flaws) {
        List<String> segments = new ArrayList<>();
        int i = 0;
        if (!text.isEmpty() && (text.charAt(0) == '/' || text.charAt(0) == '\\')) {
            i = 1;
        }
        while (true) {
            int next = i;
            while (next < text.length() && text.charAt(next) != '/' && text.charAt(next) != '\\') {
                next++;
            }
            boolean last = next >= text.length();
            String segment = text.substring(i, next);
            if (isDoubleDot(segment)) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                if (last) {
                    segments.add("");
                }
            } else if (isSingleDot(segment)) {
                if (last) {
                    segments.add("");
                }
            } else {
                segments.add(Encoding.encode(segment, Encoding.PATH));
            }
            if (last) {
                break;
            }
            i = next + 1;
        }
        if (text.indexOf('\\') >= 0) {
            flaws.add(Flaw.INVALID_REVERSE_SOLIDUS);
        }
        return segments;
    }

    private static boolean isSingleDot(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "..", ".%2e", "%2e.", "%2e%2e" -> true;
            default -> false;
        };
    }

    private static boolean isAsciiAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Lower-case: {@code http}, {@code https}, {@code ws}, {@code wss} or {@code ftp}. */
    public String scheme() {
        return scheme;
    }

    /** Percent-encoded; empty if none. */
    public String username() {
        return username;
    }

    /** Percent-encoded; empty if none. */
    public String password() {
        return password;
    }

    /** The host a browser contacts. */
    public WebHost host() {
        return host;
    }

    /** The port, or -1 for none or the scheme's default (which a browser drops). */
    public int port() {
        return port;
    }

    /** The standard's validation errors that matter to a caller, found while parsing. */
    public Set<Flaw> flaws() {
        return flaws;
    }

    /** The serialisation a browser shows as {@code href}: the same URL for every reader. */
    public String href() {
        StringBuilder out = new StringBuilder(64).append(scheme).append("://");
        if (!username.isEmpty() || !password.isEmpty()) {
            out.append(username);
            if (!password.isEmpty()) {
                out.append(':').append(password);
            }
            out.append('@');
        }
        out.append(host.serialised());
        if (port >= 0) {
            out.append(':').append(port);
        }
        for (String segment : path) {
            out.append('/').append(segment);
        }
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return href();
    }

    /** The standard's percent-encode sets, and UTF-8 percent-encoding by them. */
    static final class Encoding {
        static final String FRAGMENT = " \"<>`";
        static final String QUERY = " \"#<>";
        static final String SPECIAL_QUERY = QUERY + "'";
        static final String PATH = QUERY + "?^`{}";
        static final String USERINFO = PATH + "/:;=@[\\]|";

        private Encoding() {
        }

        /** Encodes C0 controls, code points above '~' and those in {@code set}; lone surrogates become U+FFFD. */
        static String encode(String s, String set) {
            StringBuilder out = null;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int width = Character.charCount(cp);
                boolean encode = cp < 0x20 || cp > 0x7E || set.indexOf(cp) >= 0;
                if (encode && out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (encode) {
                    if (Character.isSurrogate((char) cp)) {
                        cp = 0xFFFD;
                    }
                    for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                    }
                } else if (out != null) {
                    out.append((char) cp);
                }
                i += width;
            }
            return out == null ? s : out.toString();
        }
    }
}
