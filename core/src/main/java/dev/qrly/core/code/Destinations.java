package dev.qrly.core.code;

import dev.qrly.core.DomainException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Checks and normalises destination URLs, the only thing a scan sends a phone to.
 *
 * <p>Only absolute {@code http} and {@code https} URLs with a host, at most 2,048 characters, are
 * accepted. Nothing that could break out of a {@code Location} header survives: control
 * characters (CR and LF included) and spaces are refused rather than encoded, because a URL that
 * needs them was not written by its owner. International host names become their ASCII (punycode)
 * form and the scheme and host are lower-cased. User information ({@code user@host}) is refused: it
 * is the classic way to make a link look like another site's. Hosts on the deny-list, and their
 * subdomains, are refused.
 */
public final class Destinations {

    public static final int MAX_LENGTH = 2048;

    private final Set<String> deniedHosts;

    /** @param deniedHosts lower-case host names refused with their subdomains; not null */
    public Destinations(Set<String> deniedHosts) {
        this.deniedHosts = Set.copyOf(deniedHosts);
    }

    /**
     * @return the normalised URL
     * @throws DomainException ({@code destination}) naming what is wrong
     */
    public String check(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("destination is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("destination must be at most " + MAX_LENGTH + " characters, not " + url.length());
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7F || Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw invalid("destination must not contain spaces or control characters (found "
                        + String.format("U+%04X", (int) c) + " at position " + (i + 1) + ")");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("destination is not a valid URL: " + e.getReason() + " at position " + (e.getIndex() + 1));
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw invalid("destination must be an http or https URL, not " + (scheme == null ? "a relative one" : scheme + ":"));
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("destination must not carry a user name or password before the host");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI leaves the host null for names it does not parse as a server (with '_' or
            // non-ASCII letters, say): split the authority ourselves
            String authority = uri.getRawAuthority();
            int colon = authority.lastIndexOf(':');
            if (colon > 0 && authority.indexOf(']') < colon) {
                port = parsePort(authority.substring(colon + 1));
                authority = authority.substring(0, colon);
            }
            host = hostOf(authority);
        }
        if (host == null || host.isEmpty()) {
            throw invalid("destination needs a host, as in https://example.com/");
        }
        if (port > 65535) {
            throw invalid("destination port " + port + " is not a port number (0 to 65535)");
        }
        String asciiHost;
        try {
            asciiHost = host.startsWith("[") ? host.toLowerCase(Locale.ROOT) : IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid("destination host '" + host + "' is not a valid host name");
        }
        if (asciiHost.endsWith(".")) {
            asciiHost = asciiHost.substring(0, asciiHost.length() - 1);
        }
        for (String denied : deniedHosts) {
            if (asciiHost.equals(denied) || asciiHost.endsWith("." + denied)) {
                throw invalid("destination host " + asciiHost + " is not allowed on this service");
            }
        }
        StringBuilder normal = new StringBuilder(url.length() + 8).append(scheme).append("://").append(asciiHost);
        if (port >= 0) {
            normal.append(':').append(port);
        }
        String path = uri.getRawPath();
        normal.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            normal.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            normal.append('#').append(uri.getRawFragment());
        }
        String result = normal.toString();
        if (!isAscii(result)) {
            result = URI.create(result).toASCIIString();
        }
        if (result.length() > MAX_LENGTH) {
            throw invalid("destination must be at most " + MAX_LENGTH + " characters once encoded, not " + result.length());
        }
        return result;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("destination port '" + text + "' is not a number from 0 to 65535");
    }

    private static String hostOf(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '/' || c == '\\' || c == '%' || c == '<' || c == '>' || c == '"') {
                return null;
            }
        }
        return host;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static DomainException invalid(String message) {
        return DomainException.invalid("destination", message);
    }
}
