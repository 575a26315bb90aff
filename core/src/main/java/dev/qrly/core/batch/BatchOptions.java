package dev.qrly.core.batch;

import dev.qrly.core.DomainException;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.engine.render.PngRenderer;
import java.util.List;
import java.util.Objects;

/**
 * What applies to every code and image of a batch.
 *
 * @param formats the image formats put in the archive, each once, at least one
 * @param sizes PNG widths in pixels ({@value PngRenderer#MIN_SIZE} to {@value PngRenderer#MAX_SIZE}),
 *     each once, 1 to {@value #MAX_SIZES} of them; SVG is drawn in module units and PDF pages are
 *     the renderer's default size, so only PNG files come in several sizes
 * @param errorCorrection every code's level; not null
 * @param style every code's colours and quiet zone; not null
 * @param tags added to every code's own tags; not null
 */
public record BatchOptions(List<ImageFormat> formats, List<Integer> sizes, ErrorCorrection errorCorrection, CodeStyle style,
        List<String> tags) {

    public static final int MAX_SIZES = 4;
    public static final List<ImageFormat> DEFAULT_FORMATS = List.of(ImageFormat.SVG, ImageFormat.PNG);
    public static final List<Integer> DEFAULT_SIZES = List.of(300);

    /** @throws DomainException ({@code formats} or {@code sizes}) when out of range */
    public BatchOptions {
        formats = List.copyOf(formats);
        sizes = List.copyOf(sizes);
        Objects.requireNonNull(errorCorrection, "errorCorrection");
        Objects.requireNonNull(style, "style");
        tags = List.copyOf(tags);
        if (formats.isEmpty() || formats.stream().distinct().count() != formats.size()) {
            throw DomainException.invalid("formats", "formats must name png, svg or pdf, each at most once");
        }
        if (sizes.isEmpty() || sizes.size() > MAX_SIZES || sizes.stream().distinct().count() != sizes.size()) {
            throw DomainException.invalid("sizes", "sizes must hold 1 to " + MAX_SIZES + " different PNG widths, not " + sizes);
        }
        for (int size : sizes) {
            if (size < PngRenderer.MIN_SIZE || size > PngRenderer.MAX_SIZE) {
                throw DomainException.invalid("sizes", "each size is a PNG width from " + PngRenderer.MIN_SIZE + " to "
                        + PngRenderer.MAX_SIZE + " px, not " + size);
            }
        }
    }

    /** SVG and PNG at 300 px, level M, black on white, no extra tags. */
    public static BatchOptions defaults() {
        return new BatchOptions(DEFAULT_FORMATS, DEFAULT_SIZES, ErrorCorrection.M, CodeStyle.DEFAULT, List.of());
    }
}
