package dev.qrly.core.image;

import dev.qrly.core.DomainException;
import java.util.Locale;

/** The image formats served, with their media types and what {@code size} means for each. */
public enum ImageFormat {
    /** {@code size} is the width and height in pixels, 64..4096; default 300 (or the smallest that works). */
    PNG("image/png"),
    /** {@code size}, if given, is the width and height attributes in pixels. */
    SVG("image/svg+xml"),
    /** {@code size} is the page width and height in millimetres, 10..1000; default 50. */
    PDF("application/pdf");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws DomainException ({@code field}) if the text is not png, svg or pdf */
    public static ImageFormat parse(String text, String field) {
        if (text != null) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "png": return PNG;
                case "svg": return SVG;
                case "pdf": return PDF;
                default: break;
            }
        }
        throw DomainException.invalid(field, field + " must be png, svg or pdf, not '" + text + "'");
    }
}
