package dev.qrly.core.code;

import dev.qrly.engine.ErrorCorrection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dynamic code: a stable slug printed in a QR image, and a destination that can change.
 *
 * <p>Deleting a code keeps its row (with {@code deletedAt}): its slug is printed somewhere and must
 * never be handed to anyone else, and its scans answer 410, not 404.
 *
 * @param id 8 random characters, unique for ever; not null
 * @param tenantId the owner; not null
 * @param slug the path segment after the redirect route, as the owner wrote it; unique
 *     case-insensitively; not null
 * @param destination the absolute http(s) URL scans are sent to; not null
 * @param label a note for people, or null
 * @param tags labels to filter by, possibly empty; not null
 * @param active false when deactivated (scans answer 410)
 * @param expiresAt when scans start answering 410, or null
 * @param maxScans the number of human scans after which scans answer 410, or null
 * @param errorCorrection the images' error correction level; not null
 * @param style the images' colours and quiet zone; not null
 * @param createdAt creation time; not null
 * @param updatedAt last change; not null
 * @param deletedAt deletion time, or null
 */
public record Code(String id, String tenantId, String slug, String destination, String label, List<String> tags,
        boolean active, Instant expiresAt, Long maxScans, ErrorCorrection errorCorrection, CodeStyle style,
        Instant createdAt, Instant updatedAt, Instant deletedAt) {

    public Code {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(destination, "destination");
        tags = List.copyOf(tags);
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The key slugs are unique and looked up by: upper case. */
    public String slugKey() {
        return Slugs.key(slug);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Whether a scan at {@code now} is answered with a redirect (scan limits aside). */
    public boolean redirectsAt(Instant now) {
        return active && deletedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
