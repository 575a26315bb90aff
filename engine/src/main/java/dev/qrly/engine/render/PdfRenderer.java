package dev.qrly.engine.render;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrSymbol;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * Renders a symbol as a one-page vector PDF for print: the page is exactly the requested square
 * size, the quiet zone included.
 *
 * <p>The writer is deliberately small: a catalog, a page tree with one page, one deflated content
 * stream and an info dictionary. The dark modules are one path of rectangles (one per horizontal
 * run) filled at once, so that no hairline seams appear between adjacent modules when a viewer
 * anti-aliases. A transform maps module units to points, so coordinates stay whole numbers.
 */
public final class PdfRenderer {

    /** The default page width and height. */
    public static final double DEFAULT_SIZE_MM = 50;
    /** The smallest page accepted. */
    public static final double MIN_SIZE_MM = 10;
    /** The largest page accepted. */
    public static final double MAX_SIZE_MM = 1000;

    private static final double POINTS_PER_MM = 72 / 25.4;

    private PdfRenderer() {}

    /**
     * Renders the symbol on a square page.
     *
     * @param symbol the symbol; not null
     * @param style colours and quiet zone; a transparent background leaves the page unpainted
     * @param sizeMillimetres width and height of the page, {@value #MIN_SIZE_MM}..{@value #MAX_SIZE_MM} mm
     * @return the PDF file's bytes
     * @throws InvalidInputException ({@code "size"}) if the size is out of range or not a number
     */
    public static byte[] render(QrSymbol symbol, Style style, double sizeMillimetres) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(style, "style");
        if (!(sizeMillimetres >= MIN_SIZE_MM && sizeMillimetres <= MAX_SIZE_MM)) {
            throw new InvalidInputException("size", "PDF size must be between " + number(MIN_SIZE_MM) + " and "
                    + number(MAX_SIZE_MM) + " mm, not " + sizeMillimetres);
        }
        String page = number(sizeMillimetres * POINTS_PER_MM);
        byte[] content = deflate(content(symbol, style, sizeMillimetres * POINTS_PER_MM));

        Writer pdf = new Writer();
        pdf.text("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        pdf.object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + page + " " + page + "] /Resources << >> /Contents 4 0 R >>");
        pdf.stream(4, content);
        pdf.object(5, "<< /Producer (qrly) /Title (QR code, version " + symbol.version() + "-" + symbol.errorCorrection() + ") >>");
        pdf.trailer(1, 5);
        return pdf.bytes();
    }

    private static String content(QrSymbol symbol, Style style, double pagePoints) {
        int n = symbol.size();
        int margin = style.margin();
        StringBuilder ops = new StringBuilder(64 + n * n);
        style.backgroundColour().ifPresent(bg -> ops.append(colour(bg)).append(" rg 0 0 ")
                .append(number(pagePoints)).append(' ').append(number(pagePoints)).append(" re f\n"));
        String scale = number(pagePoints / style.totalModules(n));
        // module units, origin top-left, y downwards
        ops.append("q ").append(scale).append(" 0 0 -").append(scale).append(" 0 ").append(number(pagePoints)).append(" cm\n");
        ops.append(colour(style.foreground())).append(" rg\n");
        Runs.forEach(symbol, (x, y, run) -> ops.append(x + margin).append(' ').append(y + margin).append(' ')
                .append(run).append(" 1 re\n"));
        ops.append("f\nQ\n");
        return ops.toString();
    }

    private static String colour(Colour c) {
        return number(c.red() / 255.0) + " " + number(c.green() / 255.0) + " " + number(c.blue() / 255.0);
    }

    /** A PDF real: plain decimal, at most 4 places, no exponent, no trailing zeros. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    private static byte[] deflate(String text) {
        byte[] input = text.getBytes(StandardCharsets.US_ASCII);
        Deflater deflater = new Deflater(6);
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 4 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Appends objects and remembers their byte offsets for the cross-reference table. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        private final int[] offsets = new int[6];

        void text(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        void object(int number, String body) {
            offsets[number] = out.size();
            text(number + " 0 obj\n" + body + "\nendobj\n");
        }

        void stream(int number, byte[] data) {
            offsets[number] = out.size();
            text(number + " 0 obj\n<< /Length " + data.length + " /Filter /FlateDecode >>\nstream\n");
            out.writeBytes(data);
            text("\nendstream\nendobj\n");
        }

        void trailer(int root, int info) {
            int xref = out.size();
            StringBuilder table = new StringBuilder("xref\n0 ").append(offsets.length).append("\n0000000000 65535 f\r\n");
            for (int i = 1; i < offsets.length; i++) {
                table.append(String.format(Locale.ROOT, "%010d 00000 n\r\n", offsets[i]));
            }
            table.append("trailer\n<< /Size ").append(offsets.length).append(" /Root ").append(root)
                    .append(" 0 R /Info ").append(info).append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
            text(table.toString());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
