package dev.qrly.core.batch;

import dev.qrly.core.DomainException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a batch from CSV: UTF-8 (a byte-order mark is skipped), a header row naming the columns
 * {@code destination} (required), {@code slug}, {@code label} and {@code tags} in any order and
 * case, then one code a row. Quoted fields may hold the delimiter, quotes (doubled) and line
 * breaks. The delimiter is a comma, or a semicolon or tab when the header has no comma (as
 * spreadsheets write in some locales). A {@code tags} cell holds tags separated by {@code |} or {@code ,} (quote a cell with commas).
 *
 * <p>What is wrong with the file as a whole (not UTF-8, no header, an unknown or missing column,
 * broken quoting, too many rows) refuses the upload; what is wrong with one row is that row's
 * error, reported with the others when the batch runs.
 */
public final class BatchCsv {

    /** The columns a batch CSV may have. */
    public static final List<String> COLUMNS = List.of("destination", "slug", "label", "tags");

    private BatchCsv() {}

    /**
     * @param bytes the whole upload
     * @param maxRows the most rows accepted
     * @return the rows in order, numbered from 1, each with the line it starts on
     * @throws DomainException invalid ({@code csv}) for a file that cannot be read as a batch, or
     *     too large when it has more than {@code maxRows} rows
     */
    public static List<BatchRow> read(byte[] bytes, int maxRows) {
        String text = utf8(bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        int firstLineEnd = text.indexOf('\n');
        String firstLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
        char delimiter = firstLine.indexOf(',') >= 0 ? ',' : firstLine.indexOf(';') >= 0 ? ';' : firstLine.indexOf('\t') >= 0 ? '\t' : ',';
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw invalid("the CSV is empty: it needs a header row (" + String.join(",", COLUMNS) + ") and a row per code");
            }
            Map<String, Integer> columns = header(records.next());
            List<BatchRow> rows = new ArrayList<>();
            LineCounter lines = new LineCounter(text);
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (rows.size() >= maxRows) {
                    throw tooMany(maxRows);
                }
                int line = lines.lineAt(record.getCharacterPosition());
                if (record.size() == 1 && record.get(0).isBlank() && columns.size() > 1) {
                    continue; // a line of spaces only
                }
                rows.add(row(record, columns, rows.size() + 1, line));
            }
            if (rows.isEmpty()) {
                throw invalid("the CSV has a header but no rows");
            }
            return rows;
        } catch (UncheckedIOException | IllegalStateException e) {
            // commons-csv's message names the line, e.g. "(line 4) invalid char between encapsulated token and delimiter"
            String reason = e.getCause() instanceof IOException io && io.getMessage() != null ? io.getMessage() : e.getMessage();
            throw invalid("the CSV is malformed: " + reason);
        } catch (IOException e) {
            throw invalid("the CSV is malformed: " + e.getMessage());
        }
    }

    /** The line a character offset is on, for offsets that only grow. */
    private static final class LineCounter {
        private final String text;
        private int offset;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        /** @param position where the parser says a record starts: before the empty lines it skipped */
        int lineAt(long position) {
            int end = (int) Math.min(position, text.length());
            while (end < text.length() && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
                end++;
            }
            for (; offset < end; offset++) {
                if (text.charAt(offset) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    private static Map<String, Integer> header(CSVRecord header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() && i == header.size() - 1 && i > 0) {
                continue; // a trailing delimiter
            }
            if (!COLUMNS.contains(name)) {
                throw invalid("the CSV header has an unknown column '" + header.get(i).strip() + "' (column " + (i + 1)
                        + "); the columns are " + String.join(", ", COLUMNS) + ", and destination is required");
            }
            if (columns.put(name, i) != null) {
                throw invalid("the CSV header names column '" + name + "' twice");
            }
        }
        if (!columns.containsKey("destination")) {
            throw invalid("the CSV header has no destination column; the first line must name the columns, such as "
                    + String.join(",", COLUMNS));
        }
        return columns;
    }

    private static BatchRow row(CSVRecord record, Map<String, Integer> columns, int number, int line) {
        String tags = cell(record, columns, "tags");
        BatchItem item = new BatchItem(cell(record, columns, "destination"), cell(record, columns, "slug"),
                cell(record, columns, "label"), tags == null ? List.of()
                        : Arrays.stream(tags.split("[|,]")).map(String::strip).filter(t -> !t.isEmpty()).toList());
        int width = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        if (record.size() > width && !allBlank(record, width)) {
            return BatchRow.pending(number, line, item).withError(new RowError(null, "invalid_row", "the row has "
                    + record.size() + " values but the header names " + width + " columns; quote values that hold the delimiter"));
        }
        return BatchRow.pending(number, line, item);
    }

    private static String cell(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null || index >= record.size()) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    private static boolean allBlank(CSVRecord record, int from) {
        for (int i = from; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int at = firstBadByte(bytes);
            throw invalid("the CSV is not UTF-8: byte " + (at + 1) + " (0x" + String.format("%02X", bytes[at] & 0xFF)
                    + ") is not part of a UTF-8 character; save the file as UTF-8");
        }
    }

    private static int firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? Math.min(in.position(), bytes.length - 1) : 0;
    }

    static DomainException invalid(String message) {
        return DomainException.invalid("csv", message);
    }

    /** The refusal of a batch with more than {@code maxRows} rows. */
    public static DomainException tooMany(int maxRows) {
        return new DomainException(DomainException.Kind.TOO_LARGE, "too_many_rows", "a batch holds at most "
                + String.format(Locale.ROOT, "%,d", maxRows) + " rows; split the file", "items");
    }
}
