package dev.qrly.engine;

/**
 * How many data bits a QR symbol of a given version and error correction level holds.
 *
 * <p>The tables are those of ISO/IEC 18004 (error correction codewords per block and number of
 * blocks); the test suite checks them against what the encoder library actually fits, version by
 * version. They are needed here only to tell a caller how far over capacity its data is: the
 * library that encodes keeps its own copy private.
 */
final class Capacity {

    private static final byte[][] ECC_CODEWORDS_PER_BLOCK = {
        // L, M, Q, H; index 0 unused
        {-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
        {-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
        {-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
        {-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    };

    private static final byte[][] NUM_ERROR_CORRECTION_BLOCKS = {
        {-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
        {-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
        {-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
        {-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
    };

    private Capacity() {}

    /** Data codewords (bytes) of a symbol; {@code version} in 1..40. */
    static int dataCodewords(int version, ErrorCorrection ecl) {
        int i = ecl.ordinal();
        return rawDataModules(version) / 8 - ECC_CODEWORDS_PER_BLOCK[i][version] * NUM_ERROR_CORRECTION_BLOCKS[i][version];
    }

    /** Modules left for data and error correction once the function patterns are drawn. */
    private static int rawDataModules(int version) {
        int result = (16 * version + 128) * version + 64;
        if (version >= 2) {
            int alignments = version / 7 + 2;
            result -= (25 * alignments - 10) * alignments - 55;
            if (version >= 7) {
                result -= 36; // two version information blocks
            }
        }
        return result;
    }

    /** Width of the character count field of a segment in the given mode and version. */
    static int charCountBits(SegmentMode mode, int version) {
        int band = version <= 9 ? 0 : version <= 26 ? 1 : 2;
        return switch (mode) {
            case NUMERIC -> new int[] {10, 12, 14}[band];
            case ALPHANUMERIC -> new int[] {9, 11, 13}[band];
            case BYTE -> new int[] {8, 16, 16}[band];
            case KANJI -> new int[] {8, 10, 12}[band];
            case ECI -> 0;
        };
    }

    /**
     * The most characters of one mode that fit a symbol, with {@code overheadBits} spent on other
     * segments (an ECI header, say). Numeric and alphanumeric count characters; byte counts bytes.
     */
    static int maxChars(SegmentMode mode, int version, ErrorCorrection ecl, int overheadBits) {
        int bits = dataCodewords(version, ecl) * 8 - overheadBits - 4 - charCountBits(mode, version);
        if (bits < 0) {
            return 0;
        }
        int chars = switch (mode) {
            case NUMERIC -> bits / 10 * 3 + (bits % 10 >= 7 ? 2 : bits % 10 >= 4 ? 1 : 0);
            case ALPHANUMERIC -> bits / 11 * 2 + (bits % 11 >= 6 ? 1 : 0);
            case BYTE -> bits / 8;
            case KANJI -> bits / 13;
            case ECI -> 0;
        };
        // The count field caps a segment's length too.
        return Math.min(chars, (1 << charCountBits(mode, version)) - 1);
    }
}
