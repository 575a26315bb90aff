package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a batch's ZIP archive the way a user's tools would: its entries, and its manifest.csv. */
final class BatchArchives {

    private BatchArchives() {}

    /** Every entry by name, in archive order; fails on a name given twice. */
    static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (files.put(entry.getName(), in.readAllBytes()) != null) {
                    throw new AssertionError("two entries named " + entry.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static Map<String, byte[]> unzip(Path zip) {
        try {
            return unzip(Files.readAllBytes(zip));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's lines, one a row, after checking its header. */
    static List<CSVRecord> manifest(Map<String, byte[]> files) {
        byte[] manifest = files.get("manifest.csv");
        assertNotNull(manifest, "the archive has a manifest.csv");
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(new String(manifest, StandardCharsets.UTF_8)), format)) {
            assertEquals(List.of("row", "id", "shortUrl", "destination", "files", "encoded", "slug", "label", "error"),
                    parser.getHeaderNames());
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
