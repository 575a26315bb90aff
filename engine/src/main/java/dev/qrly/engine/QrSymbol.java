package dev.qrly.engine;

import java.util.List;
import java.util.Objects;

/**
 * An encoded QR symbol: an immutable square grid of dark and light modules, without quiet zone.
 *
 * <p>Renderers draw from this grid alone. Coordinates run from the top-left corner, {@code x}
 * to the right and {@code y} downwards, both in {@code 0..size()-1}.
 */
public final class QrSymbol {

    private final int version;
    private final ErrorCorrection errorCorrection;
    private final int mask;
    private final int size;
    private final boolean[] dark;
    private final List<SegmentMode> segmentModes;

    QrSymbol(int version, ErrorCorrection errorCorrection, int mask, int size, boolean[] dark, List<SegmentMode> segmentModes) {
        assert dark.length == size * size;
        this.version = version;
        this.errorCorrection = Objects.requireNonNull(errorCorrection);
        this.mask = mask;
        this.size = size;
        this.dark = dark;
        this.segmentModes = List.copyOf(segmentModes);
    }

    /** The version, 1..40; the symbol is {@code 17 + 4 × version} modules wide. */
    public int version() {
        return version;
    }

    /** The error correction level actually used (at least the one asked for). */
    public ErrorCorrection errorCorrection() {
        return errorCorrection;
    }

    /** The mask pattern used, 0..7. */
    public int mask() {
        return mask;
    }

    /** Width and height in modules, 21..177, quiet zone excluded. */
    public int size() {
        return size;
    }

    /** The modes of the segments, in order, that carry the data. */
    public List<SegmentMode> segmentModes() {
        return segmentModes;
    }

    /**
     * Whether the module at ({@code x}, {@code y}) is dark.
     *
     * @throws IndexOutOfBoundsException if either coordinate is outside {@code 0..size()-1}
     */
    public boolean isDark(int x, int y) {
        Objects.checkIndex(x, size);
        Objects.checkIndex(y, size);
        return dark[y * size + x];
    }
}
