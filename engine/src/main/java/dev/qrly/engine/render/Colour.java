package dev.qrly.engine.render;

import dev.qrly.engine.InvalidInputException;
import java.util.Locale;

/**
 * An opaque sRGB colour.
 *
 * @param rgb the colour as {@code 0xRRGGBB}; bits above 24 must be clear
 */
public record Colour(int rgb) {

    /** Pure black, the default foreground. */
    public static final Colour BLACK = new Colour(0x000000);
    /** Pure white, the default background. */
    public static final Colour WHITE = new Colour(0xFFFFFF);

    /** @throws IllegalArgumentException if {@code rgb} has bits set above the low 24 */
    public Colour {
        if ((rgb & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("rgb must be 0xRRGGBB, not 0x" + Integer.toHexString(rgb));
        }
    }

    /**
     * Parses {@code #RRGGBB} (hex digits in either case).
     *
     * @param field the field to name if the text is not a colour
     * @throws InvalidInputException if {@code text} is null or not of that form
     */
    public static Colour parse(String text, String field) {
        if (text != null && text.length() == 7 && text.charAt(0) == '#') {
            int value = 0;
            for (int i = 1; i < 7; i++) {
                int digit = Character.digit(text.charAt(i), 16);
                if (digit < 0) {
                    value = -1;
                    break;
                }
                value = value << 4 | digit;
            }
            if (value >= 0) {
                return new Colour(value);
            }
        }
        throw new InvalidInputException(field, field + " must be a colour of the form #RRGGBB, not '" + text + "'");
    }

    /** The colour as {@code #RRGGBB} with upper-case digits. */
    public String hex() {
        return String.format(Locale.ROOT, "#%06X", rgb);
    }

    /** Red, 0..255. */
    public int red() {
        return rgb >> 16 & 0xFF;
    }

    /** Green, 0..255. */
    public int green() {
        return rgb >> 8 & 0xFF;
    }

    /** Blue, 0..255. */
    public int blue() {
        return rgb & 0xFF;
    }

    /** Relative luminance as defined by WCAG 2 (0 for black, 1 for white). */
    public double luminance() {
        return 0.2126 * linear(red()) + 0.7152 * linear(green()) + 0.0722 * linear(blue());
    }

    /** The WCAG 2 contrast ratio between two colours, 1 (none) to 21 (black on white). */
    public static double contrast(Colour a, Colour b) {
        double la = a.luminance();
        double lb = b.luminance();
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
