package dev.qrly.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QrEncoderTest {

    private static final EncodeOptions EXACT_M = EncodeOptions.defaults().withBoostErrorCorrection(false);

    @Test
    void encode_upperCaseShortUrlAtM_isVersion2Alphanumeric() {
        QrSymbol symbol = QrEncoder.encode("HTTPS://QR.EXAMPLE.COM/R/7K3M9Q2X", EXACT_M);
        assertEquals(2, symbol.version());
        assertEquals(25, symbol.size());
        assertEquals(ErrorCorrection.M, symbol.errorCorrection());
        assertEquals(List.of(SegmentMode.ALPHANUMERIC), symbol.segmentModes());
    }

    @Test
    void encode_lowerCaseShortUrlAtM_needsVersion3() {
        QrSymbol symbol = QrEncoder.encode("https://qr.example.com/r/7k3m9q2x", EXACT_M);
        assertEquals(3, symbol.version());
        assertEquals(List.of(SegmentMode.BYTE), symbol.segmentModes());
    }

    @Test
    void encode_digitsInsideText_mixesModesWhereSmaller() {
        String text = "order 12345678901234567890 ok";
        QrSymbol symbol = QrEncoder.encode(text, EXACT_M);
        assertTrue(symbol.segmentModes().contains(SegmentMode.NUMERIC), symbol.segmentModes().toString());
        assertTrue(symbol.segmentModes().contains(SegmentMode.BYTE), symbol.segmentModes().toString());
    }

    @Test
    void encode_nonAsciiInByteMode_announcesUtf8WithEci() {
        QrSymbol symbol = QrEncoder.encode("Grüße", EXACT_M);
        assertEquals(SegmentMode.ECI, symbol.segmentModes().get(0));
        assertFalse(QrEncoder.encode("Gruesse", EXACT_M).segmentModes().contains(SegmentMode.ECI));
    }

    @Test
    void encode_boostOn_raisesLevelWhenItFitsTheSameVersion() {
        QrSymbol boosted = QrEncoder.encode("HI", EncodeOptions.defaults());
        assertEquals(1, boosted.version());
        assertEquals(ErrorCorrection.H, boosted.errorCorrection());
    }

    @Test
    void encode_forcedVersionAndMask_areUsed() {
        QrSymbol symbol = QrEncoder.encode("HELLO", EXACT_M.withVersion(7).withMask(5));
        assertEquals(7, symbol.version());
        assertEquals(45, symbol.size());
        assertEquals(5, symbol.mask());
    }

    @Test
    void encode_emptyText_isRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QrEncoder.encode(""));
        assertEquals("data", e.field());
    }

    @Test
    void encode_unpairedSurrogate_isRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QrEncoder.encode("a\uD800b"));
        assertEquals("data", e.field());
    }

    @Test
    void encode_versionOrMaskOutOfRange_isRefused() {
        assertEquals("version", assertThrows(InvalidInputException.class, () -> EXACT_M.withVersion(41)).field());
        assertEquals("version", assertThrows(InvalidInputException.class, () -> EXACT_M.withVersion(0)).field());
        assertEquals("mask", assertThrows(InvalidInputException.class, () -> EXACT_M.withMask(8)).field());
    }

    @Test
    void encode_2000BytesAtH_saysCapacityAndHowFarOver() {
        String text = "x".repeat(1000) + "ß".repeat(500); // 2,000 bytes of UTF-8, not alphanumeric
        DataTooLongException e = assertThrows(DataTooLongException.class,
                () -> QrEncoder.encode(text, EXACT_M.withErrorCorrection(ErrorCorrection.H)));
        assertEquals("data", e.field());
        assertEquals(2000, e.length());
        assertEquals(1273 - 1, e.capacity()); // the ECI header costs 12 bits
        assertEquals("bytes (UTF-8)", e.unit());
        assertTrue(e.getMessage().contains("2,000 bytes (UTF-8)"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 1,272"), e.getMessage());
        assertTrue(e.getMessage().contains("over by 728"), e.getMessage());
    }

    @Test
    void encode_tooManyDigitsForForcedVersion_countsDigits() {
        DataTooLongException e = assertThrows(DataTooLongException.class,
                () -> QrEncoder.encode("1".repeat(42), EXACT_M.withVersion(1)));
        assertEquals("digits", e.unit());
        assertEquals(34, e.capacity()); // version 1-M holds 34 digits
        assertTrue(e.getMessage().contains("up to version 1"), e.getMessage());
    }

    @Test
    void encode_alphanumericCapacity_isExactAtTheLimit() {
        // version 40-L holds 4,296 alphanumeric characters
        assertEquals(40, QrEncoder.encode("A".repeat(4296), EXACT_M.withErrorCorrection(ErrorCorrection.L)).version());
        DataTooLongException e = assertThrows(DataTooLongException.class,
                () -> QrEncoder.encode("A".repeat(4297), EXACT_M.withErrorCorrection(ErrorCorrection.L)));
        assertEquals(4296, e.capacity());
        assertEquals(1, e.length() - e.capacity());
    }

    /** The capacity table must agree with what the encoder library fits, at every version. */
    @ParameterizedTest
    @EnumSource(ErrorCorrection.class)
    void capacity_everyVersion_matchesTheLibrary(ErrorCorrection level) {
        for (int version = 1; version <= 40; version++) {
            int bytes = Capacity.maxChars(SegmentMode.BYTE, version, level, 0);
            QrCode fits = QrCode.encodeSegments(List.of(QrSegment.makeBytes(new byte[bytes])), level.ecc(), version, version, -1, false);
            assertEquals(version, fits.version);
            int v = version;
            assertThrows(io.nayuki.qrcodegen.DataTooLongException.class, () -> QrCode.encodeSegments(
                    List.of(QrSegment.makeBytes(new byte[bytes + 1])), level.ecc(), v, v, -1, false), "version " + version);
        }
    }

    @Test
    void symbol_isDarkOutsideGrid_throws() {
        QrSymbol symbol = QrEncoder.encode("A");
        assertThrows(IndexOutOfBoundsException.class, () -> symbol.isDark(21, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> symbol.isDark(0, -1));
        // finder pattern corner is dark
        assertTrue(symbol.isDark(0, 0));
    }
}
