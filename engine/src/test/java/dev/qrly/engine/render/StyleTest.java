package dev.qrly.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StyleTest {

    @Test
    void colour_parse_acceptsEitherCase() {
        assertEquals(0x1B2A6B, Colour.parse("#1b2a6B", "foreground").rgb());
        assertEquals("#1B2A6B", Colour.parse("#1b2a6b", "foreground").hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#12345", "#1234567", "123456", "#12345G", "red", "#-12345", "# 12345"})
    void colour_parse_malformed_namesTheField(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Colour.parse(text, "background"));
        assertEquals("background", e.field());
        assertTrue(e.getMessage().contains("#RRGGBB"), e.getMessage());
    }

    @Test
    void colour_contrast_matchesWcag() {
        assertEquals(21.0, Colour.contrast(Colour.BLACK, Colour.WHITE), 1e-9);
        assertEquals(1.0, Colour.contrast(Colour.WHITE, Colour.WHITE), 1e-9);
        assertEquals(4.0, Colour.contrast(new Colour(0xFF0000), Colour.WHITE), 0.01);
    }

    @Test
    void style_lowContrast_isRefusedWithTheRatio() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Style.defaults().withColours(new Colour(0xAAAAAA), Colour.WHITE));
        assertEquals("foreground", e.field());
        assertTrue(e.getMessage().contains("2.32:1"), e.getMessage());
        // just above the threshold is accepted
        Style.defaults().withColours(new Colour(0x949494), Colour.WHITE);
    }

    @Test
    void style_inverted_isRefusedUnlessAllowed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Style.defaults().withColours(Colour.WHITE, Colour.BLACK));
        assertEquals("foreground", e.field());
        assertTrue(e.getMessage().contains("inverted"), e.getMessage());
        new Style(Colour.WHITE, Colour.BLACK, 4, true);
    }

    @Test
    void style_transparentBackground_isJudgedAgainstWhite() {
        assertThrows(InvalidInputException.class, () -> Style.defaults().withColours(new Colour(0xDDDDDD), null));
        Style.defaults().withColours(new Colour(0x333333), null);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 17, 100})
    void style_marginOutOfRange_isRefused(int margin) {
        assertEquals("margin", assertThrows(InvalidInputException.class, () -> Style.defaults().withMargin(margin)).field());
    }
}
