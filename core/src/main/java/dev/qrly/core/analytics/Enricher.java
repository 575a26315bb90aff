package dev.qrly.core.analytics;

import dev.qrly.core.scan.ScanEvent;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a raw {@link ScanEvent} into a {@link Scan}: the client from its user agent, bot signals of
 * the request itself, the place of its address, the referrer's host and the hashed address. Runs on
 * the analytics path, never on the redirect's.
 *
 * <p>A request is a bot if its agent says so, if it was a {@code HEAD} (browsers following a
 * printed code send {@code GET}; link checkers and preview fetchers send {@code HEAD}), or if the
 * browser said it was only prefetching the link ({@code Purpose}/{@code Sec-Purpose: prefetch}):
 * no person saw the page. A scan whose client was flooding (see {@code FairShare}) is one too,
 * named {@value #FLOOD}: counted with the bots, never in human numbers nor against {@code maxScans}.
 */
public final class Enricher {

    /** Bot names of the request-level signals. */
    public static final String HEAD_REQUEST = "HEAD request";
    public static final String PREFETCH = "Prefetch";
    public static final String FLOOD = "Flood";

    private static final int MAX_HOST = 253;

    private final UserAgentClassifier agents;
    private final GeoLocator geo;
    private final IpHasher hasher;

    public Enricher(UserAgentClassifier agents, GeoLocator geo, IpHasher hasher) {
        this.agents = Objects.requireNonNull(agents, "agents");
        this.geo = Objects.requireNonNull(geo, "geo");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    public Scan enrich(ScanEvent event) {
        Client client = agents.classify(event.userAgent());
        if (!client.bot() && (event.head() || event.prefetch() || event.flood())) {
            client = Client.bot(event.head() ? HEAD_REQUEST : event.prefetch() ? PREFETCH : FLOOD, client.os(), client.browser());
        }
        return new Scan(event.id(), event.codeId(), event.at(), event.source(), event.outcome(), event.head(), event.prefetch(),
                event.variant(), event.ip(), hasher.hash(event.ip()), event.userAgent(), event.referrer(), host(event.referrer()),
                event.acceptLanguage(), client, geo.locate(event.ip()));
    }

    /**
     * The host of an absolute http(s) URL in lower case, without {@code www.}, or null when the
     * referrer is missing or not such a URL. Parsed by hand: a referrer is whatever the client sent.
     */
    static String host(String referrer) {
        if (referrer == null) {
            return null;
        }
        int scheme = referrer.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        String protocol = referrer.substring(0, scheme).toLowerCase(Locale.ROOT);
        if (!protocol.equals("http") && !protocol.equals("https")) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < referrer.length() && "/?#".indexOf(referrer.charAt(end)) < 0) {
            end++;
        }
        String authority = referrer.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close > 0 ? authority.substring(0, close + 1) : "";
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > MAX_HOST || !plausibleHost(host)) {
            return null;
        }
        return host.startsWith("www.") && host.length() > 4 ? host.substring(4) : host;
    }

    private static boolean plausibleHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == ':' || c == '['
                    || c == ']';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
