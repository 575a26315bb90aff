package dev.qrly.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import io.nayuki.qrcodegen.QrSegmentAdvanced;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmenterTest {

    /** Characters none of which kanji mode could take, so the library's optimum is ours to match. */
    private static final String[] ALPHABET = {
        "0", "1", "7", "9", "A", "K", "Z", " ", "$", "%", "*", "+", "-", ".", "/", ":", "a", "q", "z", "?", "&", "=", "_",
        "ü", "é", "ß", "€", "😀", "\n",
    };

    /** On text without kanji, our segmentation takes exactly as many bits as the library's optimiser. */
    @ParameterizedTest
    @ValueSource(ints = {9, 26, 40})
    void segment_randomKanjiFreeText_matchesTheLibrarysOptimum(int version) {
        Random random = new Random(version);
        for (int trial = 0; trial < 2000; trial++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(40);
            // runs of one character class, as real data has
            while (text.length() < length) {
                String c = ALPHABET[random.nextInt(ALPHABET.length)];
                text.append(c.repeat(1 + random.nextInt(random.nextBoolean() ? 2 : 12)));
            }
            String s = text.toString();
            for (int i = 0; i < s.length(); i++) {
                assertFalse(QrSegmentAdvanced.isEncodableAsKanji(s.substring(i, i + 1)), s);
            }
            List<QrSegment> ours = Segmenter.segment(s, version);
            List<QrSegment> library = QrSegmentAdvanced.makeSegmentsOptimally(s, QrCode.Ecc.LOW, version, version);
            assertEquals(bits(library, version), bits(ours, version), () -> "text '" + s + "'");
            assertEquals(s, decode(ours));
        }
    }

    @Test
    void segment_japanese_usesBytesNotKanji() {
        List<QrSegment> segments = Segmenter.segment("東京 2026", 1);
        for (QrSegment segment : segments) {
            assertFalse(segment.mode == QrSegment.Mode.KANJI);
        }
        assertEquals("東京 2026", decode(segments));
    }

    @Test
    void segment_longDigitRunInText_isNumeric() {
        List<QrSegment> segments = Segmenter.segment("id=1234567890123", 1);
        assertEquals(List.of(QrSegment.Mode.BYTE, QrSegment.Mode.NUMERIC), segments.stream().map(s -> s.mode).toList());
    }

    private static int bits(List<QrSegment> segments, int version) {
        int total = 0;
        for (QrSegment segment : segments) {
            total += 4 + Capacity.charCountBits(SegmentMode.valueOf(segment.mode.name()), version) + segment.getData().bitLength();
        }
        return total;
    }

    /** Reads the characters back out of the segments' bits. */
    private static String decode(List<QrSegment> segments) {
        StringBuilder out = new StringBuilder();
        String alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        for (QrSegment segment : segments) {
            var data = segment.getData();
            int at = 0;
            switch (segment.mode) {
                case NUMERIC -> {
                    for (int left = segment.numChars; left > 0; left -= 3) {
                        int digits = Math.min(3, left);
                        int width = digits == 3 ? 10 : digits == 2 ? 7 : 4;
                        int value = read(data, at, width);
                        at += width;
                        out.append(String.format("%0" + digits + "d", value));
                    }
                }
                case ALPHANUMERIC -> {
                    for (int left = segment.numChars; left > 0; left -= 2) {
                        if (left >= 2) {
                            int value = read(data, at, 11);
                            at += 11;
                            out.append(alnum.charAt(value / 45)).append(alnum.charAt(value % 45));
                        } else {
                            out.append(alnum.charAt(read(data, at, 6)));
                        }
                    }
                }
                case BYTE -> {
                    byte[] bytes = new byte[segment.numChars];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) read(data, i * 8, 8);
                    }
                    out.append(new String(bytes, StandardCharsets.UTF_8));
                }
                default -> throw new AssertionError(segment.mode);
            }
        }
        return out.toString();
    }

    private static int read(io.nayuki.qrcodegen.BitBuffer data, int at, int width) {
        int value = 0;
        for (int i = 0; i < width; i++) {
            value = value << 1 | data.getBit(at + i);
        }
        return value;
    }
}
