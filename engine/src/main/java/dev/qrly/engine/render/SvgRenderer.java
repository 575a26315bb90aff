package dev.qrly.engine.render;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrSymbol;
import java.util.Objects;

/**
 * Renders a symbol as SVG: one {@code <path>} of the dark modules merged into horizontal runs,
 * in module units ({@code viewBox="0 0 W W"}, W = symbol size + 2 × margin), with
 * {@code shape-rendering="crispEdges"} so that viewers do not anti-alias module edges.
 *
 * <p>A run of dark modules is one sub-path {@code M x,y h n v1 h -n z}; merging runs makes the file
 * several times smaller than a rectangle per module.
 */
public final class SvgRenderer {

    /** The largest width and height accepted, in pixels. */
    public static final int MAX_PIXELS = 100_000;

    private SvgRenderer() {}

    /**
     * Renders without a pixel size: the image scales to whatever box it is placed in.
     *
     * @see #render(QrSymbol, Style, int)
     */
    public static String render(QrSymbol symbol, Style style) {
        return render(symbol, style, 0);
    }

    /**
     * Renders the symbol.
     *
     * @param symbol the symbol; not null
     * @param style colours and quiet zone; not null
     * @param pixels the {@code width} and {@code height} attributes in pixels, 1..100,000, or 0
     *     for none
     * @return the SVG document, UTF-8 text without an XML declaration
     * @throws InvalidInputException ({@code "size"}) if {@code pixels} is out of range
     */
    public static String render(QrSymbol symbol, Style style, int pixels) {
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(style, "style");
        if (pixels < 0 || pixels > MAX_PIXELS) {
            throw new InvalidInputException("size", "SVG size must be between 1 and " + MAX_PIXELS + " px, not " + pixels);
        }
        int n = symbol.size();
        int margin = style.margin();
        int total = style.totalModules(n);
        StringBuilder svg = new StringBuilder(200 + n * n);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ")
                .append(total).append(' ').append(total).append('"');
        if (pixels > 0) {
            svg.append(" width=\"").append(pixels).append("\" height=\"").append(pixels).append('"');
        }
        svg.append(" shape-rendering=\"crispEdges\">\n");
        style.backgroundColour().ifPresent(bg -> svg.append("<rect width=\"").append(total).append("\" height=\"")
                .append(total).append("\" fill=\"").append(bg.hex()).append("\"/>\n"));
        svg.append("<path fill=\"").append(style.foreground().hex()).append("\" d=\"");
        Runs.forEach(symbol, (x, y, run) -> svg.append('M').append(x + margin).append(',').append(y + margin)
                .append('h').append(run).append("v1h-").append(run).append('z'));
        svg.append("\"/>\n</svg>\n");
        return svg.toString();
    }
}
