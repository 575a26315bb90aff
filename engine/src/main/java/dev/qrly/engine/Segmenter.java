package dev.qrly.engine;

import io.nayuki.qrcodegen.QrSegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into the numeric, alphanumeric and byte segments that take the fewest bits.
 *
 * <p>Why not the encoder library's own optimiser: it also uses kanji mode, and zbar (one of the
 * two decoders every output is tested with, and the engine of many scanner apps) returns garbage
 * for kanji segments. Without kanji, Japanese text costs more bits but decodes everywhere.
 *
 * <p>The algorithm is a shortest path over (character, mode): costs are kept in sixths of a bit,
 * the least common multiple of the per-character costs (numeric 10/3 bits, alphanumeric 11/2,
 * byte 8 per UTF-8 byte); a segment's cost is rounded up to whole bits when it ends, which is
 * exactly how numeric and alphanumeric pack their last group. Segment lengths depend on the
 * version only through the width of the character count field, hence the {@code version}
 * argument.
 */
final class Segmenter {

    private static final int BYTE = 0;
    private static final int ALPHANUMERIC = 1;
    private static final int NUMERIC = 2;
    private static final int MODES = 3;
    private static final int INFINITE = Integer.MAX_VALUE / 4;
    private static final String ALPHANUMERIC_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private Segmenter() {}

    /** The optimal segments for {@code text} (non-empty, well-formed) at a version of the given band. */
    static List<QrSegment> segment(String text, int version) {
        int[] codePoints = text.codePoints().toArray();
        int n = codePoints.length;
        int[] head = {
            (4 + Capacity.charCountBits(SegmentMode.BYTE, version)) * 6,
            (4 + Capacity.charCountBits(SegmentMode.ALPHANUMERIC, version)) * 6,
            (4 + Capacity.charCountBits(SegmentMode.NUMERIC, version)) * 6,
        };
        // from[i][m]: the mode of character i-1 on the cheapest path that has character i in mode m
        byte[][] from = new byte[n][MODES];
        int[] cost = new int[MODES];
        int[] next = new int[MODES];
        for (int i = 0; i < n; i++) {
            int c = codePoints[i];
            int[] charCost = {utf8Length(c) * 8 * 6, isAlphanumeric(c) ? 33 : INFINITE, isDigit(c) ? 20 : INFINITE};
            for (int m = 0; m < MODES; m++) {
                if (charCost[m] >= INFINITE) {
                    next[m] = INFINITE;
                    continue;
                }
                if (i == 0) {
                    next[m] = head[m] + charCost[m];
                    continue;
                }
                int best = INFINITE;
                for (int p = 0; p < MODES; p++) {
                    if (cost[p] >= INFINITE) {
                        continue;
                    }
                    int candidate = p == m ? cost[p] : roundUpToBit(cost[p]) + head[m];
                    if (candidate < best) {
                        best = candidate;
                        from[i][m] = (byte) p;
                    }
                }
                next[m] = best + charCost[m];
            }
            System.arraycopy(next, 0, cost, 0, MODES);
        }
        int mode = 0;
        for (int m = 1; m < MODES; m++) {
            if (roundUpToBit(cost[m]) < roundUpToBit(cost[mode])) {
                mode = m;
            }
        }
        int[] modes = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            modes[i] = mode;
            mode = from[i][mode];
        }
        return toSegments(codePoints, modes);
    }

    private static List<QrSegment> toSegments(int[] codePoints, int[] modes) {
        List<QrSegment> segments = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= codePoints.length; i++) {
            if (i < codePoints.length && modes[i] == modes[start]) {
                continue;
            }
            String run = new String(codePoints, start, i - start);
            segments.add(switch (modes[start]) {
                case NUMERIC -> QrSegment.makeNumeric(run);
                case ALPHANUMERIC -> QrSegment.makeAlphanumeric(run);
                default -> QrSegment.makeBytes(run.getBytes(StandardCharsets.UTF_8));
            });
            start = i;
        }
        return segments;
    }

    private static int roundUpToBit(int sixths) {
        return sixths >= INFINITE ? INFINITE : (sixths + 5) / 6 * 6;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlphanumeric(int c) {
        return c < 128 && ALPHANUMERIC_CHARSET.indexOf(c) >= 0;
    }

    private static int utf8Length(int c) {
        return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
}
