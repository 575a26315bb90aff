package dev.qrly.engine.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.Decoders;
import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PngRendererTest {

    private static final QrSymbol SYMBOL = QrEncoder.encode("HTTP://LOCALHOST:8080/R/7K3M9Q2X"); // 25 modules

    /** Every pixel is the colour of the module it falls in; leftover pixels widen the quiet zone. */
    @ParameterizedTest
    @ValueSource(ints = {99, 100, 300, 301, 1024, 4096})
    void render_anySize_isPixelExact(int size) {
        Style style = Style.defaults();
        BufferedImage image = Decoders.png(PngRenderer.render(SYMBOL, style, size));
        assertEquals(size, image.getWidth());
        assertEquals(size, image.getHeight());
        int total = 25 + 8;
        int scale = size / total;
        int offset = (size - scale * total) / 2 + 4 * scale;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int mx = Math.floorDiv(x - offset, scale);
                int my = Math.floorDiv(y - offset, scale);
                boolean dark = mx >= 0 && my >= 0 && mx < 25 && my < 25 && x - offset < 25 * scale && y - offset < 25 * scale
                        && SYMBOL.isDark(mx, my);
                assertEquals(dark ? 0x000000 : 0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void render_blackOnWhite_isOneBitGrayscale() {
        byte[] png = PngRenderer.render(SYMBOL, Style.defaults(), 300);
        assertEquals(1, png[24]); // IHDR bit depth
        assertEquals(0, png[25]); // colour type grayscale
    }

    @Test
    void render_colours_isTwoEntryPalette() {
        Style style = Style.defaults().withColours(new Colour(0x1B2A6B), new Colour(0xFFF8E7));
        byte[] png = PngRenderer.render(SYMBOL, style, 300);
        assertEquals(1, png[24]);
        assertEquals(3, png[25]);
        BufferedImage image = Decoders.png(png);
        IndexColorModel palette = (IndexColorModel) image.getColorModel();
        assertEquals(2, palette.getMapSize());
        assertEquals(0xFFF8E7, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFF, image.getRGB(0, 0) >>> 24);
    }

    @Test
    void render_transparentBackground_hasTransparentQuietZoneAndOpaqueModules() {
        Style style = Style.defaults().withColours(Colour.BLACK, null);
        BufferedImage image = Decoders.png(PngRenderer.render(SYMBOL, style, 330));
        assertEquals(0, image.getRGB(0, 0) >>> 24);
        int corner = 4 * 10; // the finder pattern's top-left module
        assertEquals(0xFF000000, image.getRGB(corner, corner));
    }

    @Test
    void render_sameInput_sameBytes() {
        assertArrayEquals(PngRenderer.render(SYMBOL, Style.defaults(), 300), PngRenderer.render(SYMBOL, Style.defaults(), 300));
    }

    @Test
    void render_chunksHaveValidCrcs() {
        ByteBuffer png = ByteBuffer.wrap(PngRenderer.render(SYMBOL, Style.defaults().withColours(Colour.BLACK, null), 300));
        png.position(8);
        int chunks = 0;
        while (png.hasRemaining()) {
            int length = png.getInt();
            byte[] typeAndData = new byte[4 + length];
            png.get(typeAndData);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(typeAndData);
            assertEquals((int) crc.getValue(), png.getInt(), new String(typeAndData, 0, 4));
            chunks++;
        }
        assertEquals(5, chunks); // IHDR PLTE tRNS IDAT IEND
    }

    @Test
    void render_tooFewPixelsPerModule_namesTheSmallestSize() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PngRenderer.render(SYMBOL, Style.defaults(), 98));
        assertEquals("size", e.field());
        assertTrue(e.getMessage().contains("smallest size that works is 99 px"), e.getMessage());
        assertEquals(99, PngRenderer.minimumSize(SYMBOL, Style.defaults()));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 63, 4097, Integer.MAX_VALUE})
    void render_sizeOutOfRange_isRefused(int size) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PngRenderer.render(SYMBOL, Style.defaults(), size));
        assertEquals("size", e.field());
        assertTrue(e.getMessage().contains("between 64 and 4096"), e.getMessage());
    }

    @Test
    void minimumSize_smallSymbol_isAtLeast64() {
        QrSymbol tiny = QrEncoder.encode("1");
        assertEquals(21, tiny.size());
        assertEquals(Math.max(64, 3 * 29), PngRenderer.minimumSize(tiny, Style.defaults()));
        assertEquals(64, PngRenderer.minimumSize(tiny, Style.defaults().withMargin(0)));
        assertTrue(Arrays.stream(new int[] {64}).allMatch(s -> PngRenderer.render(tiny, Style.defaults().withMargin(0), s).length > 0));
    }
}
