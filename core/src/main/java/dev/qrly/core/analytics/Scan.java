package dev.qrly.core.analytics;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A scan after enrichment: what the analytics store keeps of one {@link ScanEvent}.
 *
 * @param id the event's UUIDv7; not null
 * @param codeId not null
 * @param at not null
 * @param source not null
 * @param outcome not null
 * @param head whether it was a HEAD request
 * @param prefetch whether the browser said it was prefetching
 * @param variant the routing variant taken, or null
 * @param ip the raw client address; kept only for the address retention window, null after it
 * @param ipHash the address hashed with the installation's secret key: unique scanners are counted by it
 * @param userAgent as received, or null
 * @param referrer as received, or null
 * @param referrerHost the referrer's host in lower case, or null
 * @param acceptLanguage as received, or null
 * @param client what the user agent and the bot signals say; not null
 * @param place where the address is; not null
 */
public record Scan(UUID id, String codeId, Instant at, ScanSource source, ScanEvent.Outcome outcome, boolean head, boolean prefetch,
        String variant, String ip, long ipHash, String userAgent, String referrer, String referrerHost, String acceptLanguage,
        Client client, Place place) {

    public Scan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(codeId, "codeId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(place, "place");
    }

    public boolean bot() {
        return client.bot();
    }
}
