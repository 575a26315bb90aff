package dev.qrly.engine;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.attributes.ViewBox;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.BarcodeFormat;
import java.util.List;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Test support: turns every output format into pixels with an independent reader (ImageIO for
 * PNG, JSVG for SVG, PDFBox for PDF) and decodes them with ZXing.
 */
public final class Decoders {

    private Decoders() {}

    /** Decodes the one QR code in the image with ZXing, trying hard; fails the test if none is found. */
    public static Result zxing(BufferedImage image) {
        return decode(image, DecodeHintType.TRY_HARDER, "ZXing could not decode the image");
    }

    /** ZXing's {@code MultiFormatReader}, not its QRCodeReader: only it honours ALSO_INVERTED. */
    private static Result decode(BufferedImage image, DecodeHintType mode, String failure) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(mode, Boolean.TRUE);
        hints.put(DecodeHintType.ALSO_INVERTED, Boolean.TRUE);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            return new MultiFormatReader().decode(bitmap, hints);
        } catch (NotFoundException e) {
            throw new AssertionError(failure + ": " + e, e);
        }
    }

    /**
     * Decodes a clean rendered code (upright, whole pixels, quiet zone) with ZXing: its detector
     * first, then its pure-barcode mode, which reads the modules straight off such an image. The
     * detector alone misses about one code in 500 of our 300 px renders that zbar and the
     * pure-barcode mode read (data modules it takes for a finder pattern, zxing/zxing#1623; seen
     * in batch tests), so a test over hundreds of random codes needs both.
     */
    public static Result zxingClean(BufferedImage image) {
        try {
            return zxing(image);
        } catch (AssertionError detectorMissed) {
            return decode(image, DecodeHintType.PURE_BARCODE, "ZXing could not decode the image, with its detector nor as a pure barcode");
        }
    }

    /** Reads a PNG with ImageIO. */
    public static BufferedImage png(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new AssertionError("ImageIO does not recognise the bytes as PNG");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rasterises an SVG document with JSVG onto a white canvas of the given size. */
    public static BufferedImage svg(String svg, int pixels) {
        SVGDocument document = new SVGLoader().load(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        if (document == null) {
            throw new AssertionError("JSVG could not parse the SVG");
        }
        BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, pixels, pixels);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            document.render((java.awt.Component) null, g, new ViewBox(0, 0, pixels, pixels));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Rasterises the first page of a PDF with PDFBox. */
    public static BufferedImage pdf(byte[] pdf, float dpi) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            if (document.getNumberOfPages() != 1) {
                throw new AssertionError("expected one page, found " + document.getNumberOfPages());
            }
            return new PDFRenderer(document).renderImageWithDPI(0, dpi, ImageType.RGB);
        } catch (IOException e) {
            throw new AssertionError("PDFBox could not read the PDF: " + e, e);
        }
    }

    /** Pads an image with a border of the given colour, as a code printed without quiet zone sits on paper. */
    public static BufferedImage pad(BufferedImage image, int border, Color colour) {
        BufferedImage padded = new BufferedImage(image.getWidth() + 2 * border, image.getHeight() + 2 * border, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = padded.createGraphics();
        try {
            g.setColor(colour);
            g.fillRect(0, 0, padded.getWidth(), padded.getHeight());
            g.drawImage(image, border, border, null);
        } finally {
            g.dispose();
        }
        return padded;
    }
}
