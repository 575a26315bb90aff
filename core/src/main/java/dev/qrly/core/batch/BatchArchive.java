package dev.qrly.core.batch;

import dev.qrly.core.image.ImageFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A batch's ZIP archive, written entry by entry to a stream, so that it is never whole in memory:
 * each row's images, named by row and id ({@code 00042-7K3M9Q2X.svg},
 * {@code 00042-7K3M9Q2X-300px.png}), then {@code manifest.csv} with a line per row.
 *
 * <p>PNG files are stored as they are (they are compressed already, and deflating them again
 * costs time for nothing); SVG, PDF and the manifest are deflated.
 *
 * <p>Manifest columns: {@code row,id,shortUrl,destination,files,encoded,slug,label,error}.
 * {@code files} lists the row's files separated by spaces. A failed row has an empty id and its
 * error. Cells that a spreadsheet would run as a formula (starting with {@code = + - @}) are
 * prefixed with {@code '}.
 */
public final class BatchArchive implements AutoCloseable {

    public static final String MANIFEST = "manifest.csv";
    public static final List<String> MANIFEST_COLUMNS = List.of("row", "id", "shortUrl", "destination", "files", "encoded",
            "slug", "label", "error");

    /** One manifest line. Null fields are empty cells. */
    public record ManifestLine(int row, String id, String shortUrl, String destination, List<String> files, String encoded,
            String slug, String label, String error) {}

    private final ZipOutputStream zip;
    private final StringBuilder manifest = new StringBuilder(64 * 1024);
    private final CSVPrinter manifestPrinter;
    private final int rowDigits;

    /** @param totalRows the batch's number of rows, for the width of the row numbers in names */
    public BatchArchive(OutputStream out, int totalRows) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(Deflater.BEST_SPEED);
        this.rowDigits = Math.max(3, Integer.toString(Math.max(1, totalRows)).length());
        try {
            this.manifestPrinter = new CSVPrinter(manifest, CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get());
            manifestPrinter.printRecord(MANIFEST_COLUMNS);
        } catch (IOException e) {
            throw new IllegalStateException("a StringBuilder does not fail", e);
        }
    }

    /** The file name of a row's image: by row number and id (or the row alone for a static code). */
    public String fileName(int row, String id, ImageFormat format, int size) {
        String base = String.format("%0" + rowDigits + "d", row) + (id == null ? "" : "-" + id);
        return format == ImageFormat.PNG ? base + "-" + size + "px.png" : base + "." + format.extension();
    }

    /** Adds one file. */
    public void add(String name, ImageFormat format, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        if (format == ImageFormat.PNG) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Adds a row's line to the manifest, written at {@link #finish}. */
    public void addLine(ManifestLine line) {
        try {
            manifestPrinter.printRecord(line.row(), nz(line.id()), nz(line.shortUrl()), safe(line.destination()),
                    String.join(" ", line.files()), safe(line.encoded()), safe(line.slug()), safe(line.label()), safe(line.error()));
        } catch (IOException e) {
            throw new IllegalStateException("a StringBuilder does not fail", e);
        }
    }

    /** Writes the manifest and the ZIP's directory, and closes the stream. */
    public void finish() throws IOException {
        zip.putNextEntry(new ZipEntry(MANIFEST));
        Writer writer = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
        writer.append(manifest);
        writer.flush();
        zip.closeEntry();
        zip.close();
    }

    /** Closes the stream without finishing: what was written is no valid archive. */
    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    /** Neutralises a cell a spreadsheet would evaluate as a formula. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }
}
