package dev.qrly.core.scan;

import dev.qrly.core.code.Code;
import java.time.Instant;

/**
 * What the redirect needs to know about a slug, cached in memory: small, immutable, and enough to
 * answer a scan without touching the store.
 *
 * @param codeId null for a slug that matches no code (cached briefly, so that junk scans cost one lookup)
 * @param maxScans the human scans after which the code is gone, or null
 */
public record Route(String codeId, String tenantId, String destination, boolean active, Instant expiresAt, boolean deleted,
        Long maxScans) {

    /** The answer for a slug that matches no code. */
    public static final Route UNKNOWN = new Route(null, null, null, false, null, false, null);

    public static Route of(Code code) {
        return new Route(code.id(), code.tenantId(), code.destination(), code.active(), code.expiresAt(), code.deleted(), code.maxScans());
    }

    public boolean known() {
        return codeId != null;
    }

    /**
     * Whether a scan at {@code now} is sent on: active, not deleted, not expired, and fewer than
     * {@code maxScans} human scans so far. Expiry is checked here, on every scan.
     *
     * @param humans the code's human scans so far (ignored when it has no {@code maxScans})
     */
    public boolean redirectsAt(Instant now, long humans) {
        return codeId != null && active && !deleted && (expiresAt == null || now.isBefore(expiresAt))
                && (maxScans == null || humans < maxScans);
    }
}
