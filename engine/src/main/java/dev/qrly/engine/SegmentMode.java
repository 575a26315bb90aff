package dev.qrly.engine;

/** The modes a QR segment can use; a symbol may mix several. */
public enum SegmentMode {
    /** Digits 0–9, 10 bits per 3. */
    NUMERIC,
    /** Digits, upper-case A–Z, space and {@code $%*+-./:}, 11 bits per 2. */
    ALPHANUMERIC,
    /** Any bytes; text is UTF-8. */
    BYTE,
    /** Shift JIS double-byte characters, 13 bits each. */
    KANJI,
    /** An Extended Channel Interpretation header (UTF-8 here), no characters of its own. */
    ECI
}
