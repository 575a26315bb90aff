package dev.qrly.core.code;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.render.Colour;
import dev.qrly.engine.render.Style;
import java.util.Objects;

/**
 * How a dynamic code's images look, as stored with the code. Validated by building the engine's
 * {@link Style}, so a stored style always renders and scans.
 *
 * @param foreground {@code #RRGGBB}; not null
 * @param background {@code #RRGGBB}, or null for transparent
 * @param margin quiet zone in modules, 0..16
 */
public record CodeStyle(String foreground, String background, int margin) {

    public static final CodeStyle DEFAULT = new CodeStyle("#000000", "#FFFFFF", Style.DEFAULT_MARGIN);

    /** @throws InvalidInputException naming {@code foreground}, {@code background} or {@code margin} */
    public CodeStyle {
        Objects.requireNonNull(foreground, "foreground");
        foreground = Colour.parse(foreground, "foreground").hex();
        background = background == null ? null : Colour.parse(background, "background").hex();
        toStyle(foreground, background, margin);
    }

    /** The engine style; never fails for a constructed instance. */
    public Style toStyle() {
        return toStyle(foreground, background, margin);
    }

    private static Style toStyle(String foreground, String background, int margin) {
        return new Style(Colour.parse(foreground, "foreground"), background == null ? null : Colour.parse(background, "background"),
                margin, false);
    }
}
