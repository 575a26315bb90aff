package dev.qrly.core.image;

import dev.qrly.core.code.CodeStyle;
import dev.qrly.engine.ErrorCorrection;
import java.util.Objects;

/**
 * What an image shows, independent of format and pixel size; its hash names it in public URLs.
 * Only variants an authenticated owner created are stored, and only stored ones are served.
 *
 * @param hash its address, lower-case hex: keyed ({@link ImageService#KEYED_LENGTH} characters) or, for a
 *     variant an earlier version stored, unkeyed ({@link ImageService#UNKEYED_LENGTH}); not null
 * @param tenantId the owner that created it; not null
 * @param data the exact text encoded; not null
 * @param errorCorrection not null
 * @param style not null
 */
public record ImageVariant(String hash, String tenantId, String data, ErrorCorrection errorCorrection, CodeStyle style) {

    public ImageVariant {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        Objects.requireNonNull(style, "style");
    }
}
