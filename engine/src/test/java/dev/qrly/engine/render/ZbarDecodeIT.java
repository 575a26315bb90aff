package dev.qrly.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrly.engine.Decoders;
import dev.qrly.engine.EncodeOptions;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.ExternalTools;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import dev.qrly.engine.Samples;
import dev.qrly.engine.Samples.Payload;
import dev.qrly.engine.Samples.Scheme;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second, independent decoder: every renderer's output, written to a file, is read by zbar's
 * {@code zbarimg} (SVG rasterised by {@code rsvg-convert}, PDF by {@code pdftoppm} first) and
 * must give back the exact input, over payload kinds × error correction levels × sizes × colours
 * × quiet zones.
 */
class ZbarDecodeIT {

    @TempDir
    static Path dir;

    private static int counter;

    @BeforeAll
    static void toolsPresent() {
        ExternalTools.require("zbarimg", "zbar-tools");
        ExternalTools.require("rsvg-convert", "librsvg2-bin");
        ExternalTools.require("pdftoppm", "poppler-utils");
    }

    @ParameterizedTest(name = "{0} {1} {2}px {3} margin {4}")
    @MethodSource("dev.qrly.engine.Samples#pngMatrix")
    void png_zbarDecodesToInput(Payload payload, ErrorCorrection level, int size, Scheme scheme, int margin) throws IOException {
        QrSymbol symbol = encode(payload, level);
        Style style = scheme.style(margin);
        int minimum = PngRenderer.minimumSize(symbol, style);
        int pixels = size == Samples.SMALLEST ? minimum : size;
        if (pixels < minimum) {
            return; // refused with a size error; RenderDecodeTest checks that
        }
        Path file = write("png", PngRenderer.render(symbol, style, pixels));
        assertEquals(payload.text(), ExternalTools.zbar(onPaper(file, margin, pixels / style.totalModules(symbol.size()))));
    }

    @ParameterizedTest(name = "{0} {1} {2} margin {3}")
    @MethodSource("dev.qrly.engine.Samples#vectorMatrix")
    void svg_zbarDecodesToInput(Payload payload, ErrorCorrection level, Scheme scheme, int margin) throws IOException {
        QrSymbol symbol = encode(payload, level);
        Style style = scheme.style(margin);
        int total = style.totalModules(symbol.size());
        int scale = Math.max(4, 400 / total);
        Path svg = write("svg", SvgRenderer.render(symbol, style).getBytes(StandardCharsets.UTF_8));
        assertEquals(payload.text(), ExternalTools.zbar(onPaper(ExternalTools.rsvg(svg, scale * total), margin, scale)));
    }

    @ParameterizedTest(name = "{0} {1} {2} margin {3}")
    @MethodSource("dev.qrly.engine.Samples#vectorMatrix")
    void pdf_zbarDecodesToInput(Payload payload, ErrorCorrection level, Scheme scheme, int margin) throws IOException {
        QrSymbol symbol = encode(payload, level);
        Style style = scheme.style(margin);
        int total = style.totalModules(symbol.size());
        double millimetres = symbol.version() > 20 ? 120 : PdfRenderer.DEFAULT_SIZE_MM;
        int dpi = (int) Math.max(150, Math.ceil(6 * total / (millimetres / 25.4)));
        Path pdf = write("pdf", PdfRenderer.render(symbol, style, millimetres));
        Path png = ExternalTools.pdftoppm(pdf, dpi);
        assertEquals(payload.text(), ExternalTools.zbar(onPaper(png, margin, 6)));
    }

    private static QrSymbol encode(Payload payload, ErrorCorrection level) {
        return QrEncoder.encode(payload.text(), EncodeOptions.defaults().withErrorCorrection(level));
    }

    private static Path write(String extension, byte[] bytes) throws IOException {
        Path file = dir.resolve("code-" + (++counter) + "." + extension);
        Files.write(file, bytes);
        return file;
    }

    /** A code without its full quiet zone is read as printed on white paper with room around it. */
    private static Path onPaper(Path png, int margin, int scale) throws IOException {
        if (margin >= 4) {
            return png;
        }
        BufferedImage padded = Decoders.pad(ImageIO.read(png.toFile()), (4 - margin) * Math.max(1, scale), Color.WHITE);
        Path file = png.resolveSibling(png.getFileName() + "-paper.png");
        ImageIO.write(padded, "png", file.toFile());
        return file;
    }
}
