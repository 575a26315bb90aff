package dev.qrly.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SvgRendererTest {

    private static final QrSymbol SYMBOL = QrEncoder.encode("HTTP://LOCALHOST:8080/R/7K3M9Q2X");

    @Test
    void render_default_isWellFormedWithModuleUnitViewBoxAndOnePath() throws Exception {
        Document svg = parse(SvgRenderer.render(SYMBOL, Style.defaults()));
        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("0 0 33 33", root.getAttribute("viewBox"));
        assertEquals("crispEdges", root.getAttribute("shape-rendering"));
        assertFalse(root.hasAttribute("width"));
        assertEquals(1, svg.getElementsByTagName("path").getLength());
        assertEquals("#FFFFFF", ((Element) svg.getElementsByTagName("rect").item(0)).getAttribute("fill"));
        assertEquals("#000000", ((Element) svg.getElementsByTagName("path").item(0)).getAttribute("fill"));
    }

    /** Each sub-path is one horizontal run of dark modules; together they are exactly the dark modules. */
    @Test
    void render_pathRuns_coverExactlyTheDarkModules() {
        String svg = SvgRenderer.render(SYMBOL, Style.defaults().withMargin(2));
        Matcher run = Pattern.compile("M(\\d+),(\\d+)h(\\d+)v1h-(\\d+)z").matcher(svg.substring(svg.indexOf(" d=\"")));
        boolean[] covered = new boolean[25 * 25];
        int runs = 0;
        while (run.find()) {
            int x = Integer.parseInt(run.group(1)) - 2;
            int y = Integer.parseInt(run.group(2)) - 2;
            int length = Integer.parseInt(run.group(3));
            assertEquals(length, Integer.parseInt(run.group(4)));
            assertTrue(x + length == 25 || !SYMBOL.isDark(x + length, y), "runs are maximal");
            for (int i = 0; i < length; i++) {
                assertTrue(SYMBOL.isDark(x + i, y));
                covered[y * 25 + x + i] = true;
            }
            runs++;
        }
        int dark = 0;
        for (int y = 0; y < 25; y++) {
            for (int x = 0; x < 25; x++) {
                assertEquals(SYMBOL.isDark(x, y), covered[y * 25 + x]);
                dark += SYMBOL.isDark(x, y) ? 1 : 0;
            }
        }
        assertTrue(runs < dark, "runs merge modules");
    }

    @Test
    void render_transparentWithSize_hasNoBackgroundAndPixelSize() throws Exception {
        Document svg = parse(SvgRenderer.render(SYMBOL, Style.defaults().withColours(new Colour(0x0B5D1E), null), 512));
        assertEquals(0, svg.getElementsByTagName("rect").getLength());
        assertEquals("512", svg.getDocumentElement().getAttribute("width"));
        assertEquals("512", svg.getDocumentElement().getAttribute("height"));
        assertEquals("#0B5D1E", ((Element) svg.getElementsByTagName("path").item(0)).getAttribute("fill"));
    }

    @Test
    void render_sizeOutOfRange_isRefused() {
        assertEquals("size", assertThrows(InvalidInputException.class, () -> SvgRenderer.render(SYMBOL, Style.defaults(), -5)).field());
        assertEquals("size", assertThrows(InvalidInputException.class, () -> SvgRenderer.render(SYMBOL, Style.defaults(), 100_001)).field());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
