package dev.qrly.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrly.engine.DataTooLongException;
import dev.qrly.engine.Decoders;
import dev.qrly.engine.EncodeOptions;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import dev.qrly.engine.Samples;
import dev.qrly.engine.Samples.Payload;
import dev.qrly.engine.Samples.Scheme;
import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every renderer's output, read back by an independent reader and decoded by ZXing, gives the
 * exact input: payload kinds × error correction levels × sizes × colours × quiet zones.
 */
class RenderDecodeTest {


    @ParameterizedTest(name = "{0} {1} {2}px {3} margin {4}")
    @MethodSource("dev.qrly.engine.Samples#pngMatrix")
    void png_decodesToInput(Payload payload, ErrorCorrection level, int size, Scheme scheme, int margin) {
        QrSymbol symbol = encode(payload, level);
        Style style = scheme.style(margin);
        int minimum = PngRenderer.minimumSize(symbol, style);
        int pixels = size == Samples.SMALLEST ? minimum : size;
        if (pixels < minimum) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> PngRenderer.render(symbol, style, pixels));
            assertEquals("size", e.field());
            return;
        }
        BufferedImage image = Decoders.png(PngRenderer.render(symbol, style, pixels));
        assertEquals(pixels, image.getWidth());
        assertEquals(pixels, image.getHeight());
        assertDecodes(payload, paperUnder(image, margin, pixels / style.totalModules(symbol.size())));
    }

    @ParameterizedTest(name = "{0} {1} {2} margin {3}")
    @MethodSource("dev.qrly.engine.Samples#vectorMatrix")
    void svg_decodesToInput(Payload payload, ErrorCorrection level, Scheme scheme, int margin) {
        QrSymbol symbol = encode(payload, level);
        Style style = scheme.style(margin);
        int total = style.totalModules(symbol.size());
        int scale = Math.max(3, 300 / total);
        BufferedImage image = Decoders.svg(SvgRenderer.render(symbol, style), scale * total);
        assertDecodes(payload, paperUnder(image, margin, scale));
    }

    @ParameterizedTest(name = "{0} {1} {2} margin {3}")
    @MethodSource("dev.qrly.engine.Samples#vectorMatrix")
    void pdf_decodesToInput(Payload payload, ErrorCorrection level, Scheme scheme, int margin) {
        QrSymbol symbol = encode(payload, level);
        Style style = scheme.style(margin);
        double millimetres = symbol.version() > 20 ? 120 : PdfRenderer.DEFAULT_SIZE_MM;
        BufferedImage image = Decoders.pdf(PdfRenderer.render(symbol, style, millimetres), dpiFor(style.totalModules(symbol.size()), millimetres));
        int scale = image.getWidth() / style.totalModules(symbol.size());
        assertDecodes(payload, paperUnder(image, margin, scale));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.qrly.engine.Samples#payloads")
    void inverted_whenAllowed_decodesToInput(Payload payload) {
        QrSymbol symbol = QrEncoder.encode(payload.text(), EncodeOptions.defaults().withErrorCorrection(ErrorCorrection.L));
        Style style = Samples.INVERTED.style(4);
        int size = Math.max(300, PngRenderer.minimumSize(symbol, style));
        assertDecodes(payload, Decoders.png(PngRenderer.render(symbol, style, size)));
        assertDecodes(payload, Decoders.svg(SvgRenderer.render(symbol, style), size));
        assertDecodes(payload, Decoders.pdf(PdfRenderer.render(symbol, style, 120), dpiFor(style.totalModules(symbol.size()), 120)));
    }

    /** A resolution that gives a camera-like 6 pixels per module; fewer confuse ZXing's sampler on version 40. */
    private static float dpiFor(int modules, double millimetres) {
        return (float) Math.max(150, 6 * modules / (millimetres / 25.4));
    }

    /** The 2,000-byte payload does not fit at Q or H: that is the domain error, not a broken image. */
    @ParameterizedTest
    @EnumSource(value = ErrorCorrection.class, names = {"Q", "H"})
    void twoThousandBytes_atQorH_isTooLong(ErrorCorrection level) {
        assertThrows(DataTooLongException.class, () -> encode(Samples.TWO_THOUSAND_BYTES, level));
    }

    private static QrSymbol encode(Payload payload, ErrorCorrection level) {
        return QrEncoder.encode(payload.text(), EncodeOptions.defaults().withErrorCorrection(level));
    }

    /** A code rendered without quiet zone is read as printed on paper with room around it. */
    private static BufferedImage paperUnder(BufferedImage image, int margin, int scale) {
        return margin >= 4 ? image : Decoders.pad(image, (4 - margin) * Math.max(1, scale), Color.WHITE);
    }

    private static void assertDecodes(Payload payload, BufferedImage image) {
        assertEquals(payload.text(), Decoders.zxing(image).getText());
    }
}
