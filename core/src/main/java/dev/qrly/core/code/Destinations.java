package dev.qrly.core.code;

import dev.qrly.core.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks and normalises destination URLs, the only thing a scan sends a phone to.
 *
 * <p>A destination is read as a browser reads it ({@link WebUrl}, the WHATWG URL standard), so the
 * host that is checked is the host the phone will contact, however it was spelt: full-width
 * letters, percent-encoding, upper case, IPv4 in decimal, octal or hex, IPv4-mapped IPv6. What is
 * stored and sent in {@code Location} is the browser's own serialisation of it ({@code href}), not
 * what the owner typed: every later reader (the phone, a link scanner, the dashboard) then sees the
 * one URL the check approved, and no parser can read another host into it. The one change from the
 * browser's form is that a trailing dot after a host name is dropped, as before (the same DNS name).
 *
 * <p>Only {@code http} and {@code https} URLs of at most 2,048 characters are accepted. Refused,
 * although a browser would repair them, because the owner wrote something else than what would be
 * visited and a guess is worse than a question:
 * <ul>
 *   <li>spaces and control characters (so nothing can break out of a {@code Location} header);
 *   <li>user information ({@code user@host}, even an empty one), the classic way to make a link look
 *       like another site's;
 *   <li>backslashes before the query, which browsers read as slashes but other software does not;
 *   <li>other than exactly two slashes after the scheme ({@code https:/x}, {@code https:///x}).
 * </ul>
 * Host names with other characters than letters, digits, {@code -}, {@code _} and {@code .} are
 * refused: no DNS name has them, and browsers do not even agree on how to write them. Hosts on the
 * deny list, and their subdomains, are refused; an entry is itself read as a host,
 * so {@code 127.0.0.1} also refuses {@code 2130706433} and {@code [::ffff:127.0.0.1]}.
 */
public final class Destinations {

    public static final int MAX_LENGTH = 2048;

    private final List<WebHost> deniedHosts;

    /**
     * @param deniedHosts host names or IP addresses refused (names with their subdomains); not null
     * @throws IllegalArgumentException if an entry is not a host (see {@link #deniedHost})
     */
    public Destinations(Set<String> deniedHosts) {
        List<WebHost> hosts = new ArrayList<>(deniedHosts.size());
        deniedHosts.forEach(entry -> hosts.add(deniedHost(entry)));
        this.deniedHosts = List.copyOf(hosts);
    }

    /**
     * Reads a deny-list entry as a browser reads a host: {@code EXAMPLE.com.}, {@code ｅxample.com}
     * and {@code example.com} are one entry, {@code 0x7f.1} is {@code 127.0.0.1}.
     *
     * @param entry a host name, IPv4 address or bracketed IPv6 address; not null
     * @throws IllegalArgumentException naming the entry if it is not a host
     */
    public static WebHost deniedHost(String entry) {
        Objects.requireNonNull(entry, "entry");
        String host = entry.strip();
        try {
            WebHost parsed = WebHost.parse(host);
            if (withoutTrailingDots(parsed.serialised()).isEmpty()) {
                throw new IllegalArgumentException("'" + entry + "' is not a host");
            }
            return parsed;
        } catch (WebHost.InvalidHostException e) {
            throw new IllegalArgumentException("'" + entry + "' is not a host: " + e.getMessage(), e);
        }
    }

    /**
     * @return the browser's serialisation of the URL (less a trailing dot after the host name)
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
        int colon = url.indexOf(':');
        String scheme = colon > 0 ? url.substring(0, colon) : null;
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw invalid("destination must be an http or https URL, not "
                    + (scheme == null || !scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") ? "a relative one" : scheme + ":"));
        }
        WebUrl parsed;
        try {
            parsed = WebUrl.parse(url);
        } catch (WebUrl.InvalidUrlException e) {
            throw invalid("destination is not a URL a browser would open (" + e.getMessage() + ")");
        }
        if (parsed.flaws().contains(WebUrl.Flaw.INVALID_CREDENTIALS)) {
            throw invalid("destination must not carry a user name or password (anything ending in '@') before the host");
        }
        if (parsed.flaws().contains(WebUrl.Flaw.SPECIAL_SCHEME_MISSING_FOLLOWING_SOLIDUS)) {
            throw invalid("destination must have exactly two slashes between " + parsed.scheme() + ": and the host, as in "
                    + parsed.scheme() + "://example.com/");
        }
        if (parsed.flaws().contains(WebUrl.Flaw.INVALID_REVERSE_SOLIDUS)) {
            throw invalid("destination must not contain a backslash before the query: browsers read it as '/' "
                    + "(write '/' or %5C)");
        }
        WebHost host = parsed.host();
        String hostName = host.isDomain() ? withoutTrailingDots(host.serialised()) : host.serialised();
        if (hostName.isEmpty()) {
            throw invalid("destination needs a host, as in https://example.com/");
        }
        if (host.isDomain() && !hostName.chars().allMatch(Destinations::isHostNameChar)) {
            throw invalid("destination host " + hostName + " holds characters no internet host name has (only letters, digits, "
                    + "'-', '_' and '.')");
        }
        for (WebHost denied : deniedHosts) {
            if (matches(denied, host, hostName)) {
                throw invalid("destination host " + hostName + " is not allowed on this service");
            }
        }
        String result = parsed.href();
        if (host.isDomain() && !hostName.equals(host.serialised())) {
            int at = parsed.scheme().length() + 3;
            result = result.substring(0, at) + hostName + result.substring(at + host.serialised().length());
        }
        if (result.length() > MAX_LENGTH) {
            throw invalid("destination must be at most " + MAX_LENGTH + " characters once encoded, not " + result.length());
        }
        return result;
    }

    private static boolean matches(WebHost denied, WebHost host, String hostName) {
        if (denied.ipv4() >= 0 || host.ipv4() >= 0) {
            return denied.ipv4() == host.ipv4();
        }
        String name = withoutTrailingDots(denied.serialised());
        return hostName.equals(name) || (denied.isDomain() && hostName.endsWith("." + name));
    }

    // browsers disagree on the rest (Chromium percent-encodes '*', for one) and no DNS name holds them
    private static boolean isHostNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }

    private static String withoutTrailingDots(String host) {
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return host.substring(0, end);
    }

    private static DomainException invalid(String message) {
        return DomainException.invalid("destination", message);
    }
}
