package dev.qrly.engine.render;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrSymbol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Renders a symbol as a PNG of exactly the requested size, written straight from the module grid.
 *
 * <p>Every module is the same whole number of pixels ({@code scale = size / W}, W = symbol size
 * plus both quiet zones); the pixels left over are added to the quiet zone, split evenly with any
 * odd pixel on the right and bottom. Nothing is ever scaled after drawing, so edges stay sharp.
 *
 * <p>The image is 1 bit per pixel: grayscale for black on white, otherwise a two-colour palette
 * (with a transparent background entry when asked). Pixel rows of one module row are identical,
 * so each is packed once and copied; the whole image is deflated at level 6. This is several
 * times faster than drawing into a {@code BufferedImage} and encoding through ImageIO, for the
 * same bytes (see docs/BENCHMARKS.md).
 */
public final class PngRenderer {

    /** The smallest image accepted, in pixels. */
    public static final int MIN_SIZE = 64;
    /** The largest image accepted, in pixels. */
    public static final int MAX_SIZE = 4096;
    /** Fewer pixels per module than this do not scan reliably (zbar fails at 1). */
    public static final int MIN_PIXELS_PER_MODULE = 3;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int COLOUR_TYPE_GRAY = 0;
    private static final int COLOUR_TYPE_PALETTE = 3;

    private PngRenderer() {}

    /**
     * The smallest size this symbol and style can be rendered at: 3 pixels per module, and never
     * under {@value #MIN_SIZE}.
     */
    public static int minimumSize(QrSymbol symbol, Style style) {
        return Math.max(MIN_SIZE, MIN_PIXELS_PER_MODULE * style.totalModules(symbol.size()));
    }

    /**
     * Renders the symbol.
     *
     * @param symbol the symbol; not null
     * @param style colours and quiet zone; not null
     * @param size width and height in pixels, {@value #MIN_SIZE}..{@value #MAX_SIZE}, and at least
     *     {@link #minimumSize(QrSymbol, Style)}
     * @return the PNG file's bytes
     * @throws InvalidInputException ({@code "size"}) if the size is out of range or too small for
     *     3 pixels per module; the message gives the smallest size that works
     */
    public static byte[] render(QrSymbol symbol, Style style, int size) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(style, "style");
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new InvalidInputException("size", "PNG size must be between " + MIN_SIZE + " and " + MAX_SIZE + " px, not " + size);
        }
        int total = style.totalModules(symbol.size());
        int scale = size / total;
        if (scale < MIN_PIXELS_PER_MODULE) {
            throw new InvalidInputException("size", size + " px gives fewer than " + MIN_PIXELS_PER_MODULE
                    + " px per module for this code (" + total + " modules with its quiet zone); the smallest size that works is "
                    + minimumSize(symbol, style) + " px");
        }
        boolean gray = style.isBlackOnWhite();
        int offset = (size - scale * total) / 2 + style.margin() * scale;
        byte[] pixels = packPixels(symbol, size, scale, offset, gray);

        ByteArrayOutputStream png = new ByteArrayOutputStream(pixels.length / 8 + 256);
        png.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, size);
        putInt(header, 4, size);
        header[8] = 1; // bit depth
        header[9] = (byte) (gray ? COLOUR_TYPE_GRAY : COLOUR_TYPE_PALETTE);
        writeChunk(png, "IHDR", header, header.length);
        if (!gray) {
            Colour bg = style.backgroundColour().orElse(Colour.WHITE);
            Colour fg = style.foreground();
            byte[] palette = {(byte) bg.red(), (byte) bg.green(), (byte) bg.blue(), (byte) fg.red(), (byte) fg.green(), (byte) fg.blue()};
            writeChunk(png, "PLTE", palette, palette.length);
            if (style.background() == null) {
                writeChunk(png, "tRNS", new byte[] {0}, 1); // entry 0 transparent, entry 1 opaque
            }
        }
        writeIdat(png, pixels);
        writeChunk(png, "IEND", new byte[0], 0);
        return png.toByteArray();
    }

    /**
     * The filtered scanlines (filter byte 0, then 1 bit a pixel, most significant bit first).
     * A dark pixel is 0 in grayscale and palette index 1 otherwise.
     */
    private static byte[] packPixels(QrSymbol symbol, int size, int scale, int offset, boolean gray) {
        int rowBytes = 1 + (size + 7) / 8;
        byte light = gray ? (byte) 0xFF : 0;
        byte[] lightRow = new byte[rowBytes];
        Arrays.fill(lightRow, 1, rowBytes, light);
        byte[] out = new byte[rowBytes * size];
        int n = symbol.size();
        byte[] row = new byte[rowBytes];
        for (int y = 0; y < size; y++) {
            int moduleY = y - offset;
            if (moduleY < 0 || moduleY >= n * scale) {
                System.arraycopy(lightRow, 0, out, y * rowBytes, rowBytes);
                continue;
            }
            if (moduleY % scale == 0) {
                System.arraycopy(lightRow, 0, row, 0, rowBytes);
                int my = moduleY / scale;
                for (int mx = 0; mx < n; mx++) {
                    if (symbol.isDark(mx, my)) {
                        paint(row, offset + mx * scale, scale, gray);
                    }
                }
            }
            System.arraycopy(row, 0, out, y * rowBytes, rowBytes);
        }
        return out;
    }

    /** Sets {@code count} pixels from {@code x} to dark; {@code row[0]} is the filter byte. */
    private static void paint(byte[] row, int x, int count, boolean gray) {
        for (int end = x + count; x < end; x++) {
            int index = 1 + (x >> 3);
            int bit = 0x80 >>> (x & 7);
            row[index] = (byte) (gray ? row[index] & ~bit : row[index] | bit);
        }
    }

    private static void writeIdat(ByteArrayOutputStream png, byte[] pixels) {
        Deflater deflater = new Deflater(6);
        try {
            deflater.setInput(pixels);
            deflater.finish();
            byte[] buffer = new byte[Math.max(1024, pixels.length / 4)];
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(buffer.length);
            while (!deflater.finished()) {
                int length = deflater.deflate(buffer);
                compressed.write(buffer, 0, length);
            }
            byte[] data = compressed.toByteArray();
            writeChunk(png, "IDAT", data, data.length);
        } finally {
            deflater.end();
        }
    }

    private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data, int length) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        byte[] number = new byte[4];
        putInt(number, 0, length);
        png.writeBytes(number);
        png.writeBytes(typeBytes);
        png.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        putInt(number, 0, (int) crc.getValue());
        png.writeBytes(number);
    }

    private static void putInt(byte[] buffer, int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }
}
