package dev.qrly.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCsvTest {

    private static List<BatchRow> read(String csv) {
        return BatchCsv.read(csv.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static DomainException refused(String csv) {
        return assertThrows(DomainException.class, () -> read(csv));
    }

    @Test
    void read_bomQuotesAndLineBreaks_keepsValuesAndStartLines() {
        List<BatchRow> rows = read("\uFEFFLabel,DESTINATION,tags,slug\r\n"
                + "\"Tisch 1, \"\"Fenster\"\"\",https://example.com/1,a|b, lunch \r\n"
                + "\r\n"
                + "\"two\nlines\",https://example.com/2,,\n"
                + "Café 東京,https://example.com/3,\"x, y\",\n");

        assertEquals(3, rows.size());
        assertEquals(new BatchItem("https://example.com/1", "lunch", "Tisch 1, \"Fenster\"", List.of("a", "b")), rows.get(0).item());
        assertEquals(2, rows.get(0).line());
        assertEquals("two\nlines", rows.get(1).item().label());
        assertEquals(4, rows.get(1).line(), "the empty line 3 is skipped");
        assertEquals(6, rows.get(2).line(), "row 2 spans lines 4 and 5");
        assertEquals(List.of("x", "y"), rows.get(2).item().tags());
        assertEquals(List.of(1, 2, 3), rows.stream().map(BatchRow::row).toList());
        assertTrue(rows.stream().allMatch(BatchRow::pending));
    }

    @Test
    void read_semicolonsOrTabs_areTheDelimiterWhenTheHeaderHasNoComma() {
        assertEquals("https://example.com/a,b", read("destination;label\nhttps://example.com/a,b;Menu\n").get(0).item().destination());
        assertEquals("Menu", read("destination\tlabel\nhttps://example.com/\tMenu\n").get(0).item().label());
    }

    @Test
    void read_onlyDestinationAndShortRows_leaveTheRestEmpty() {
        List<BatchRow> rows = read("destination,slug,label\nhttps://example.com/\n");
        assertEquals(new BatchItem("https://example.com/", null, null, List.of()), rows.get(0).item());
    }

    @Test
    void read_rowWithMoreValuesThanColumns_failsThatRowAlone() {
        List<BatchRow> rows = read("destination,label\nhttps://example.com/a,Menu, extra\nhttps://example.com/b,Bar,\n");

        assertEquals("invalid_row", rows.get(0).error().code());
        assertNull(rows.get(0).error().field());
        assertTrue(rows.get(0).error().message().contains("3 values"), rows.get(0).error().message());
        assertTrue(rows.get(1).pending(), "a trailing empty value is no extra value");
    }

    @Test
    void read_badFiles_areRefusedNamingWhy() {
        assertTrue(refused("").getMessage().contains("empty"));
        assertTrue(refused("destination\n").getMessage().contains("no rows"));
        assertTrue(refused("url,label\nhttps://example.com/,x\n").getMessage().contains("unknown column 'url'"));
        assertTrue(refused("label\nx\n").getMessage().contains("no destination column"));
        assertTrue(refused("destination,Destination\nx,y\n").getMessage().contains("twice"));
        DomainException quotes = refused("destination,label\nhttps://example.com/,\"open\nhttps://example.com/,x\"y\n");
        assertTrue(quotes.getMessage().startsWith("the CSV is malformed"), quotes.getMessage());
        assertEquals("csv", quotes.field());
        DomainException latin1 = assertThrows(DomainException.class,
                () -> BatchCsv.read("destination,label\nhttps://example.com/,Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1), 100));
        assertTrue(latin1.getMessage().contains("byte 43 (0xE9)"), latin1.getMessage());
    }

    @Test
    void read_moreRowsThanAllowed_isTooLarge() {
        DomainException e = assertThrows(DomainException.class,
                () -> BatchCsv.read("destination\n".concat("https://example.com/\n".repeat(4)).getBytes(StandardCharsets.UTF_8), 3));
        assertEquals(DomainException.Kind.TOO_LARGE, e.kind());
        assertEquals("too_many_rows", e.code());
        assertEquals(3, BatchCsv.read("destination\n".concat("https://example.com/\n".repeat(3)).getBytes(StandardCharsets.UTF_8), 3).size());
    }

    @Test
    void manifestCell_formulaLike_isPrefixedSoNoSpreadsheetRunsIt() {
        assertEquals("'=1+1", BatchArchive.safe("=1+1"));
        assertEquals("'@SUM(A1)", BatchArchive.safe("@SUM(A1)"));
        assertEquals("'-2", BatchArchive.safe("-2"));
        assertEquals("https://example.com/", BatchArchive.safe("https://example.com/"));
        assertEquals("", BatchArchive.safe(null));
    }
}
