package dev.qrly.core.code;

import dev.qrly.engine.ErrorCorrection;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request to create a code, as parsed from the API; {@link CodeService} validates it.
 *
 * @param destination required
 * @param slug a vanity slug, or null for the id
 * @param label or null
 * @param tags possibly empty; not null
 * @param expiresAt or null
 * @param maxScans or null
 * @param errorCorrection not null
 * @param style not null
 */
public record NewCode(String destination, String slug, String label, List<String> tags, Instant expiresAt, Long maxScans,
        ErrorCorrection errorCorrection, CodeStyle style) {

    public NewCode {
        tags = tags == null ? List.of() : List.copyOf(tags);
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        Objects.requireNonNull(style, "style");
    }
}
