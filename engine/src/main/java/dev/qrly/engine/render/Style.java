package dev.qrly.engine.render;

import dev.qrly.engine.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a symbol looks: colours and quiet zone. A style that scanners would struggle with cannot be
 * built.
 *
 * <p>The rule for colours: the dark modules must be darker than the background (else the code is
 * inverted, which many phone scanners cannot read, and is refused unless {@code allowInverted}),
 * and the WCAG 2 contrast ratio between the two must be at least {@value #MIN_CONTRAST}:1. A
 * transparent background is judged as if the code were printed on white.
 *
 * @param foreground the colour of dark modules; not null
 * @param background the colour of light modules and the quiet zone, or null for transparent
 * @param margin the quiet zone in modules, 0..16 (ISO/IEC 18004 asks for 4)
 * @param allowInverted whether light modules on a dark background are accepted
 */
public record Style(Colour foreground, Colour background, int margin, boolean allowInverted) {

    /** The smallest contrast ratio accepted between foreground and background. */
    public static final double MIN_CONTRAST = 3.0;
    /** The quiet zone the standard asks for. */
    public static final int DEFAULT_MARGIN = 4;
    /** The widest quiet zone accepted. */
    public static final int MAX_MARGIN = 16;

    private static final Style DEFAULT = new Style(Colour.BLACK, Colour.WHITE, DEFAULT_MARGIN, false);

    /**
     * @throws NullPointerException if {@code foreground} is null
     * @throws InvalidInputException {@code "margin"} if out of 0..16; {@code "foreground"} if the
     *     colours are inverted without {@code allowInverted} or their contrast is too low
     */
    public Style {
        Objects.requireNonNull(foreground, "foreground");
        if (margin < 0 || margin > MAX_MARGIN) {
            throw new InvalidInputException("margin", "margin must be between 0 and " + MAX_MARGIN + " modules, not " + margin);
        }
        Colour against = background == null ? Colour.WHITE : background;
        String backgroundName = background == null ? "white (the background is transparent)" : background.hex();
        if (foreground.luminance() > against.luminance() && !allowInverted) {
            throw new InvalidInputException("foreground", "foreground " + foreground.hex() + " is lighter than background "
                    + backgroundName + ": inverted codes do not scan on many phones; swap the colours or allow inverted");
        }
        double contrast = Colour.contrast(foreground, against);
        if (contrast < MIN_CONTRAST) {
            throw new InvalidInputException("foreground", String.format(Locale.ROOT,
                    "foreground %s on background %s has a contrast of %.2f:1; scanners need at least %.0f:1",
                    foreground.hex(), backgroundName, contrast, MIN_CONTRAST));
        }
    }

    /** Black on white with a 4-module quiet zone. */
    public static Style defaults() {
        return DEFAULT;
    }

    /** This style with other colours; a null background is transparent. */
    public Style withColours(Colour foreground, Colour background) {
        return new Style(foreground, background, margin, allowInverted);
    }

    /** This style with another quiet zone, 0..16 modules. */
    public Style withMargin(int margin) {
        return new Style(foreground, background, margin, allowInverted);
    }

    /** The background, empty when transparent. */
    public Optional<Colour> backgroundColour() {
        return Optional.ofNullable(background);
    }

    /** Whether this is plain black on opaque white, which PNG can store as 1-bit grayscale. */
    boolean isBlackOnWhite() {
        return foreground.equals(Colour.BLACK) && Colour.WHITE.equals(background);
    }

    /** Width of the whole image in modules: the symbol and the quiet zone on both sides. */
    int totalModules(int symbolSize) {
        return symbolSize + 2 * margin;
    }
}
