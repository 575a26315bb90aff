package dev.qrly.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PdfRendererTest {

    private static final QrSymbol SYMBOL = QrEncoder.encode("HTTP://LOCALHOST:8080/R/7K3M9Q2X");

    @ParameterizedTest
    @ValueSource(doubles = {10, 50, 85.6, 1000})
    void render_pageIsExactlyTheRequestedSize(double millimetres) throws Exception {
        try (PDDocument pdf = Loader.loadPDF(PdfRenderer.render(SYMBOL, Style.defaults(), millimetres))) {
            assertEquals(1, pdf.getNumberOfPages());
            PDRectangle box = pdf.getPage(0).getMediaBox();
            assertEquals(millimetres * 72 / 25.4, box.getWidth(), 0.001);
            assertEquals(millimetres * 72 / 25.4, box.getHeight(), 0.001);
            assertEquals("qrly", pdf.getDocumentInformation().getProducer());
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {9.99, 0, -50, 1000.5, Double.NaN, Double.POSITIVE_INFINITY})
    void render_sizeOutOfRange_isRefused(double millimetres) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PdfRenderer.render(SYMBOL, Style.defaults(), millimetres));
        assertEquals("size", e.field());
    }
}
