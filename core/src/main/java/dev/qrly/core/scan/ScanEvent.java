package dev.qrly.core.scan;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One request that reached a known code, as it came in, before enrichment.
 *
 * @param id a UUIDv7, time-ordered; not null
 * @param codeId the code scanned; not null
 * @param tenantId the code's owner; not null
 * @param at when; not null
 * @param ip the client address (socket, or a trusted proxy's X-Forwarded-For); not null
 * @param userAgent the User-Agent header, or null
 * @param referrer the Referer header, or null
 * @param acceptLanguage the Accept-Language header, or null
 * @param source the printed code or the shared link; not null
 * @param head whether it was a HEAD request (a bot signal)
 * @param prefetch whether a Purpose or Sec-Purpose header said prefetch
 * @param outcome what the scan was answered with; not null
 * @param variant the routing variant taken, or null
 * @param flood whether its client was flooding (over its own rate limit's half, or over its fair
 *     share of a code under pressure) though it was answered: counted apart from people's scans
 */
public record ScanEvent(UUID id, String codeId, String tenantId, Instant at, String ip, String userAgent, String referrer,
        String acceptLanguage, ScanSource source, boolean head, boolean prefetch, Outcome outcome, String variant, boolean flood) {

    /** The answer given. */
    public enum Outcome {
        REDIRECTED, GONE
    }

    public ScanEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(codeId, "codeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A scan whose client was not flooding. */
    public ScanEvent(UUID id, String codeId, String tenantId, Instant at, String ip, String userAgent, String referrer,
            String acceptLanguage, ScanSource source, boolean head, boolean prefetch, Outcome outcome, String variant) {
        this(id, codeId, tenantId, at, ip, userAgent, referrer, acceptLanguage, source, head, prefetch, outcome, variant, false);
    }
}
