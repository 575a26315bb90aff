package dev.qrly.core.code;

import dev.qrly.core.scan.ScanSource;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The public URLs of codes, from the configured base ({@code QR_PUBLIC_BASE_URL}, such as
 * {@code http://localhost:8080/r/} or {@code https://go.example.com/}).
 *
 * <p>Two forms of each URL: the link shown to people ({@code shortUrl}, with the route as
 * configured) and the string encoded in the image ({@code encoded}), upper-cased where that means
 * the same, so the whole URL fits QR alphanumeric mode and the code stays small. Scheme and host
 * are case-insensitive by definition; the route and the slug are case-insensitive because this
 * service serves them so. The case also tells the two apart: a scan whose route (or, on a root
 * route, slug) arrives in upper case came from a printed code.
 */
public final class ShortLinks {

    private static final String ALPHANUMERIC_PATH = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-./";

    private final String base;
    private final String routePath;
    private final boolean upperCaseSafe;
    private final boolean rootRoute;
    private final boolean loopback;

    /**
     * @param baseUrl an absolute http(s) URL ending in {@code /}, with no query or fragment
     * @throws IllegalArgumentException if it is not
     */
    public ShortLinks(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("QR_PUBLIC_BASE_URL is not a URL: " + baseUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null || !baseUrl.endsWith("/")) {
            throw new IllegalArgumentException("QR_PUBLIC_BASE_URL must be an http(s) URL with a host, ending in '/', "
                    + "without query or fragment, such as https://go.example.com/ or http://localhost:8080/r/; not " + baseUrl);
        }
        this.base = baseUrl;
        this.routePath = uri.getRawPath();
        this.rootRoute = routePath.equals("/");
        String upper = baseUrl.toUpperCase(Locale.ROOT);
        boolean safe = true;
        String path = routePath.toUpperCase(Locale.ROOT);
        for (int i = 0; i < path.length(); i++) {
            safe &= ALPHANUMERIC_PATH.indexOf(path.charAt(i)) >= 0;
        }
        // an IDN host in Unicode form would not stay the same host once upper-cased by some resolvers
        safe &= upper.chars().allMatch(c -> c < 0x80);
        this.upperCaseSafe = safe;
        this.loopback = isLoopback(uri.getHost().toLowerCase(Locale.ROOT));
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("localhost") || bare.endsWith(".localhost") || bare.matches("127(\\.\\d{1,3}){3}")
                || bare.matches("(0{1,4}:){7}0{0,3}1|(0{1,4}:){1,6}:0{0,3}1|::0{0,3}1");
    }

    /**
     * Whether the base names this machine only (localhost, 127.x.y.z, ::1): codes made now work on
     * no other device, and printed ones cannot be changed to another host.
     */
    public boolean loopback() {
        return loopback;
    }

    /** The path requests for codes arrive under, such as {@code /r/} or {@code /}. */
    public String routePath() {
        return routePath;
    }

    /** The link to show people. On a root route the slug is lower case, so that its case tells the source. */
    public String shortUrl(String slug) {
        return base + (rootRoute && upperCaseSafe ? slug.toLowerCase(Locale.ROOT) : slug);
    }

    /** The exact string in the image. */
    public String encoded(String slug) {
        return upperCaseSafe ? (base + slug).toUpperCase(Locale.ROOT) : base + slug;
    }

    /**
     * Where a scan came from, given the route and slug as they arrived.
     *
     * @param route the route segment as received (e.g. {@code R} or {@code r}), empty on a root route
     */
    public ScanSource sourceOf(String route, String slug) {
        String decisive = rootRoute ? slug : route;
        boolean hasLetter = decisive.chars().anyMatch(Character::isLetter);
        return hasLetter && decisive.equals(decisive.toUpperCase(Locale.ROOT)) ? ScanSource.QR : ScanSource.LINK;
    }
}
