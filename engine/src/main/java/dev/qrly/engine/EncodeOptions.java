package dev.qrly.engine;

import java.util.Objects;

/**
 * How to encode: error correction level, the versions allowed and the mask.
 *
 * @param errorCorrection the minimum level; not null
 * @param minVersion the smallest version to consider, 1..40
 * @param maxVersion the largest version to consider, {@code minVersion}..40
 * @param mask the mask pattern 0..7, or -1 to choose the best one (the usual choice)
 * @param boostErrorCorrection whether to raise the level when a higher one fits in the same version
 *     at no cost in size (the default)
 */
public record EncodeOptions(ErrorCorrection errorCorrection, int minVersion, int maxVersion, int mask,
        boolean boostErrorCorrection) {

    /** Smallest QR version. */
    public static final int MIN_VERSION = 1;
    /** Largest QR version. */
    public static final int MAX_VERSION = 40;

    private static final EncodeOptions DEFAULTS = new EncodeOptions(ErrorCorrection.M, MIN_VERSION, MAX_VERSION, -1, true);

    /**
     * @throws NullPointerException if {@code errorCorrection} is null
     * @throws InvalidInputException ({@code "version"} or {@code "mask"}) if a number is out of range
     */
    public EncodeOptions {
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        if (minVersion < MIN_VERSION || maxVersion > MAX_VERSION || minVersion > maxVersion) {
            throw new InvalidInputException("version",
                    "version must be between 1 and 40, not " + (minVersion == maxVersion ? minVersion : minVersion + ".." + maxVersion));
        }
        if (mask < -1 || mask > 7) {
            throw new InvalidInputException("mask", "mask must be between 0 and 7, not " + mask);
        }
    }

    /** Level M, any version, automatic mask, boosted error correction. */
    public static EncodeOptions defaults() {
        return DEFAULTS;
    }

    /** These options with another minimum error correction level. */
    public EncodeOptions withErrorCorrection(ErrorCorrection level) {
        return new EncodeOptions(level, minVersion, maxVersion, mask, boostErrorCorrection);
    }

    /** These options with the version forced to {@code version} (1..40). */
    public EncodeOptions withVersion(int version) {
        return new EncodeOptions(errorCorrection, version, version, mask, boostErrorCorrection);
    }

    /** These options with the mask forced to {@code mask} (0..7), or automatic with -1. */
    public EncodeOptions withMask(int mask) {
        return new EncodeOptions(errorCorrection, minVersion, maxVersion, mask, boostErrorCorrection);
    }

    /** These options with error correction boosting turned on or off. */
    public EncodeOptions withBoostErrorCorrection(boolean boost) {
        return new EncodeOptions(errorCorrection, minVersion, maxVersion, mask, boost);
    }
}
