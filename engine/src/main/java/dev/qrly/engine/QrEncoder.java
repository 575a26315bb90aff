package dev.qrly.engine;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes text into the smallest QR symbol that holds it.
 *
 * <p>Segmentation is optimal: numeric, alphanumeric and byte segments are mixed wherever that
 * saves bits (see {@link Segmenter}), so an upper-case URL such as
 * {@code HTTPS://QR.EXAMPLE.COM/R/7K3M9Q2X} goes in alphanumeric mode. Text outside ASCII is
 * UTF-8 in byte mode, announced with an ECI header (assignment 26) so that decoders do not guess
 * ISO-8859-1. Kanji mode is never used: zbar cannot decode it.
 *
 * <p>The segment lengths depend on the version only through three bands of the character count
 * field (1–9, 10–26, 27–40); the segmentation is therefore computed at most once per band.
 */
public final class QrEncoder {

    private static final int UTF8_ECI = 26;
    private static final int[][] VERSION_BANDS = {{1, 9}, {10, 26}, {27, 40}};

    private QrEncoder() {}

    /**
     * Encodes text with the {@linkplain EncodeOptions#defaults() defaults}: level M, any version.
     *
     * @see #encode(String, EncodeOptions)
     */
    public static QrSymbol encode(String text) {
        return encode(text, EncodeOptions.defaults());
    }

    /**
     * Encodes text into the smallest symbol that the options allow.
     *
     * @param text the data, 1 or more characters; not null
     * @param options level, versions and mask; not null
     * @return the symbol
     * @throws InvalidInputException ({@code "data"}) if {@code text} is empty or holds an unpaired surrogate
     * @throws DataTooLongException if the text does not fit the largest version allowed at that level
     */
    public static QrSymbol encode(String text, EncodeOptions options) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(options, "options");
        if (text.isEmpty()) {
            throw new InvalidInputException("data", "data is empty");
        }
        checkWellFormed(text);
        QrCode.Ecc ecc = options.errorCorrection().ecc();
        boolean nonAscii = !isAscii(text);
        for (int[] band : VERSION_BANDS) {
            int lo = Math.max(band[0], options.minVersion());
            int hi = Math.min(band[1], options.maxVersion());
            if (lo > hi) {
                continue;
            }
            List<QrSegment> segments = Segmenter.segment(text, lo);
            if (nonAscii) {
                List<QrSegment> withEci = new ArrayList<>(segments.size() + 1);
                withEci.add(QrSegment.makeEci(UTF8_ECI));
                withEci.addAll(segments);
                segments = withEci;
            }
            try {
                QrCode code = QrCode.encodeSegments(segments, ecc, lo, hi, options.mask(), options.boostErrorCorrection());
                return toSymbol(code, segments);
            } catch (io.nayuki.qrcodegen.DataTooLongException tooLongForBand) {
                // try the next band, whose count fields are wider
            }
        }
        throw tooLong(text, options);
    }

    private static QrSymbol toSymbol(QrCode code, List<QrSegment> segments) {
        int size = code.size;
        boolean[] dark = new boolean[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                dark[y * size + x] = code.getModule(x, y);
            }
        }
        List<SegmentMode> modes = new ArrayList<>(segments.size());
        for (QrSegment segment : segments) {
            modes.add(SegmentMode.valueOf(segment.mode.name()));
        }
        return new QrSymbol(code.version, ErrorCorrection.of(code.errorCorrectionLevel), code.mask, size, dark, modes);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static void checkWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException("data", "data holds an unpaired surrogate at index " + i + ": it is not valid Unicode text");
            }
        }
    }

    /** Builds the error for text that fits no allowed version, measured in the unit a person would count. */
    private static DataTooLongException tooLong(String text, EncodeOptions options) {
        ErrorCorrection level = options.errorCorrection();
        int version = options.maxVersion();
        if (QrSegment.isNumeric(text)) {
            return new DataTooLongException(text.length(),
                    Capacity.maxChars(SegmentMode.NUMERIC, version, level, 0), "digits", level, version);
        }
        if (QrSegment.isAlphanumeric(text)) {
            return new DataTooLongException(text.length(),
                    Capacity.maxChars(SegmentMode.ALPHANUMERIC, version, level, 0), "characters", level, version);
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        int eciBits = isAscii(text) ? 0 : 12;
        return new DataTooLongException(bytes,
                Capacity.maxChars(SegmentMode.BYTE, version, level, eciBits), "bytes (UTF-8)", level, version);
    }
}
