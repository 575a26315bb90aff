package dev.qrly.engine;

import java.util.Locale;

/**
 * The data does not fit a QR symbol at the requested error correction level (and version, if
 * one was forced). The message gives the capacity and how far over it the data is; a caller can
 * lower the error correction level, allow a larger version or shorten the data.
 */
public final class DataTooLongException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private final int length;
    private final int capacity;
    private final String unit;

    DataTooLongException(int length, int capacity, String unit, ErrorCorrection level, int maxVersion) {
        super("data", String.format(Locale.ROOT,
                "data too long: %,d %s, but a QR code at error correction %s holds at most %,d %s%s; over by %,d. "
                        + "Use a lower error correction level or shorten the data",
                length, unit, level, capacity, unit,
                maxVersion == EncodeOptions.MAX_VERSION ? "" : " up to version " + maxVersion,
                length - capacity));
        this.length = length;
        this.capacity = capacity;
        this.unit = unit;
    }

    /** How long the data is, in {@link #unit()}s. */
    public int length() {
        return length;
    }

    /** The most that fits, in {@link #unit()}s. */
    public int capacity() {
        return capacity;
    }

    /** What length and capacity count: {@code "digits"}, {@code "characters"} or {@code "bytes (UTF-8)"}. */
    public String unit() {
        return unit;
    }
}
