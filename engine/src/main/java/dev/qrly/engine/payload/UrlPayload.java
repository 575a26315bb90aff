package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A web address: an absolute {@code http} or {@code https} URL with a host, encoded as itself.
 *
 * <p>The URL is stored in its ASCII form: an internationalised host name becomes its
 * {@code xn--} form and other non-ASCII characters are percent-encoded as UTF-8, because
 * scanners only recognise a link made of URI characters and treat anything else as plain text.
 *
 * @param url the address; not null; an absolute {@code http} or {@code https} URL with a host,
 *     without user name or password, without whitespace or control characters, at most
 *     {@value #MAX_LENGTH} characters before and after conversion to ASCII
 */
public record UrlPayload(String url) implements Payload {

    /** The longest URL accepted, in characters: longer ones break in some browsers and proxies. */
    public static final int MAX_LENGTH = 2048;

    private static final String FIELD = "url";

    /**
     * Checks the URL and converts it to its ASCII form.
     *
     * @throws InvalidInputException if {@code url} is missing
     * @throws InvalidInputException (field {@code "url"}) if {@code url} is empty, too long,
     *     contains whitespace or control characters, is not a valid URI, is not {@code http} or
     *     {@code https}, has no host, or carries a user name
     */
    public UrlPayload {
        Checks.required(url, FIELD);
        url = toAscii(url);
    }

    @Override
    public String text() {
        return url;
    }

    @Override
    public String type() {
        return "url";
    }

    private static String toAscii(String url) {
        if (url.isEmpty()) {
            throw new InvalidInputException(FIELD, "the URL must not be empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw new InvalidInputException(FIELD, "the URL must be at most " + MAX_LENGTH
                    + " characters long; " + Checks.show(url) + " has " + url.length());
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new InvalidInputException(FIELD, "the URL must not contain spaces or control"
                        + " characters (write a space as %20): " + Checks.show(url) + " has one at position " + i);
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(FIELD, Checks.show(url) + " is not a valid URL: "
                    + e.getReason() + " at position " + e.getIndex());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new InvalidInputException(FIELD, "the URL must start with http:// or https://, not "
                    + Checks.show(url));
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new InvalidInputException(FIELD, "the URL must have a host, as in https://example.com/,"
                    + " not " + Checks.show(url));
        }
        if (uri.getHost() == null) {
            uri = withAsciiHost(uri, url);
        }
        if (uri.getRawUserInfo() != null) {
            // user@host is the classic way to disguise a link's destination; scanners warn about
            // it or refuse to open it, and credentials do not belong in a printed code anyway.
            throw new InvalidInputException(FIELD, "the URL must not contain a user name or password"
                    + " before the host: " + Checks.show(url));
        }
        String ascii = uri.toASCIIString();
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidInputException(FIELD, "the URL must be at most " + MAX_LENGTH
                    + " characters long once non-ASCII characters are percent-encoded; "
                    + Checks.show(url) + " becomes " + ascii.length());
        }
        return ascii;
    }

    /**
     * java.net.URI only recognises ASCII host names; it files an internationalised one under a
     * "registry" authority without a host. Convert that host to its {@code xn--} form and parse
     * again, so that such URLs are accepted and encoded the way browsers would send them.
     */
    private static URI withAsciiHost(URI uri, String original) {
        String authority = uri.getRawAuthority();
        if (authority.indexOf('@') >= 0) {
            throw new InvalidInputException(FIELD, "the URL must not contain a user name or password"
                    + " before the host: " + Checks.show(original));
        }
        String host = authority;
        String port = "";
        int colon = authority.lastIndexOf(':');
        if (colon >= 0) {
            host = authority.substring(0, colon);
            port = authority.substring(colon);
        }
        String asciiHost;
        try {
            asciiHost = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw invalidHost(original);
        }
        StringBuilder rebuilt = new StringBuilder(original.length() + 16)
                .append(uri.getScheme()).append("://").append(asciiHost).append(port);
        if (uri.getRawPath() != null) {
            rebuilt.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            rebuilt.append('?').append(uri.getRawQuery());
        }
        if (uri.getRawFragment() != null) {
            rebuilt.append('#').append(uri.getRawFragment());
        }
        try {
            URI ascii = new URI(rebuilt.toString());
            if (ascii.getHost() != null) {
                return ascii;
            }
        } catch (URISyntaxException e) {
            // reported below, in terms of what the person typed
        }
        throw invalidHost(original);
    }

    private static InvalidInputException invalidHost(String url) {
        return new InvalidInputException(FIELD, "the URL must have a valid host name, as in"
                + " https://example.com/, not " + Checks.show(url));
    }
}
