package dev.qrly.app.cli;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.qrly.core.DomainException;
import dev.qrly.core.batch.BatchArchive;
import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.batch.BatchRow;
import dev.qrly.core.batch.RowError;
import dev.qrly.core.code.Destinations;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.engine.EncodeOptions;
import dev.qrly.engine.InvalidInputException;
import dev.qrly.engine.QrEncoder;
import dev.qrly.engine.QrSymbol;
import dev.qrly.engine.render.PdfRenderer;
import dev.qrly.engine.render.PngRenderer;
import dev.qrly.engine.render.Style;
import dev.qrly.engine.render.SvgRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * A batch made here, with no service: a static code a row, encoding the row's destination itself
 * (checked and normalised as the service checks a code's destination), in an archive laid out as
 * the service's is. Nothing is stored and nothing redirects; a row that cannot make a code is
 * listed in the manifest with its error and the others go on.
 *
 * <p>Design. This thread reads the rows in order and hands each row's rendering to a pool (a
 * thread a core), keeping at most {@code window} rows in flight; the oldest row is written to the
 * archive as soon as its images are ready. So the archive keeps row order, every core is busy, and
 * memory holds the images of the window, not the batch's. Renders are cached by content in a cache
 * bounded by bytes: rows with the same destination, in flight together or close enough, are
 * encoded and rendered once.
 */
final class OfflineBatch {

    /** The most bytes of rendered images kept for reuse. */
    static final long CACHE_BYTES = 32L << 20;

    /** A format and PNG width: one image a row. */
    private record Target(ImageFormat format, int size) {}

    /** A row on its way to the archive: its encoded data and images, or its error. */
    private record InFlight(BatchRow row, String encoded, CompletableFuture<List<byte[]>> images, RowError error) {}

    private final BatchOptions options;
    private final Style style;
    private final List<Target> targets;
    private final ExecutorService renderers;
    private final int window;
    private final Destinations destinations = new Destinations(Set.of());

    /**
     * @param options the batch's formats, sizes, error correction and style; its tags are not used
     * @param renderers where images are rendered
     * @param window the most rows in flight at once, at least 1
     */
    OfflineBatch(BatchOptions options, ExecutorService renderers, int window) {
        this.options = Objects.requireNonNull(options, "options");
        this.style = options.style().toStyle();
        this.renderers = Objects.requireNonNull(renderers, "renderers");
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, not " + window);
        }
        this.window = window;
        List<Target> all = new ArrayList<>();
        for (ImageFormat format : options.formats()) {
            if (format == ImageFormat.PNG) {
                options.sizes().forEach(size -> all.add(new Target(format, size)));
            } else {
                all.add(new Target(format, 0));
            }
        }
        this.targets = List.copyOf(all);
    }

    /**
     * Makes every row's code and writes the archive, reporting progress as rows are written.
     *
     * @param rows the batch's rows in order, at least one; rows that carry an error already are
     *     listed as failed
     * @param out receives the ZIP; closed when done
     * @throws IOException if {@code out} fails
     */
    BatchResult write(List<BatchRow> rows, OutputStream out, Progress progress) throws IOException, InterruptedException {
        // every row of a run has the same options, so the data alone names a render
        AsyncCache<String, List<byte[]>> renders = Caffeine.newBuilder()
                .executor(renderers)
                .maximumWeight(CACHE_BYTES)
                .weigher((String data, List<byte[]> images) -> data.length() + images.stream().mapToInt(b -> b.length).sum())
                .buildAsync();
        List<BatchResult.FailedRow> failed = new ArrayList<>();
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>(window);
        int written = 0;
        try (BatchArchive archive = new BatchArchive(out, rows.size())) {
            for (BatchRow row : rows) {
                inFlight.addLast(start(row, renders));
                if (inFlight.size() >= window) {
                    add(archive, inFlight.removeFirst(), failed);
                    progress.update(++written, rows.size());
                }
            }
            while (!inFlight.isEmpty()) {
                add(archive, inFlight.removeFirst(), failed);
                progress.update(++written, rows.size());
            }
            archive.finish();
        }
        progress.finish(written, rows.size());
        return new BatchResult(rows.size(), rows.size() - failed.size(), failed.size(), failed);
    }

    /** Checks a row and starts its rendering, or gives its error. */
    private InFlight start(BatchRow row, AsyncCache<String, List<byte[]>> renders) {
        if (row.error() != null) {
            return new InFlight(row, null, null, row.error());
        }
        String encoded;
        try {
            encoded = destinations.check(row.item().destination());
        } catch (DomainException e) {
            return new InFlight(row, null, null, new RowError(e.field(), e.code(), e.getMessage()));
        }
        return new InFlight(row, encoded, renders.get(encoded, this::render), null);
    }

    /**
     * Encodes the data once and renders every target.
     *
     * @throws InvalidInputException when the data does not fit a QR code at the batch's level, or a
     *     PNG width is too small for the code
     */
    private List<byte[]> render(String data) {
        QrSymbol symbol = QrEncoder.encode(data, EncodeOptions.defaults().withErrorCorrection(options.errorCorrection()));
        List<byte[]> images = new ArrayList<>(targets.size());
        for (Target target : targets) {
            images.add(switch (target.format()) {
                case PNG -> PngRenderer.render(symbol, style, target.size());
                case SVG -> SvgRenderer.render(symbol, style).getBytes(StandardCharsets.UTF_8);
                case PDF -> PdfRenderer.render(symbol, style, PdfRenderer.DEFAULT_SIZE_MM);
            });
        }
        return images;
    }

    /** Waits for a row's images and adds them and its manifest line, or its error. */
    private void add(BatchArchive archive, InFlight entry, List<BatchResult.FailedRow> failed)
            throws IOException, InterruptedException {
        BatchRow row = entry.row();
        RowError error = entry.error();
        List<byte[]> images = List.of();
        if (error == null) {
            try {
                images = entry.images().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof InvalidInputException invalid)) {
                    throw new IllegalStateException("rendering row " + row.row() + " failed", e.getCause());
                }
                // the engine's "data" is the row's destination
                String field = invalid.field().equals("data") ? "destination" : invalid.field();
                error = new RowError(field, "invalid_field", invalid.getMessage());
            }
        }
        if (error != null) {
            failed.add(new BatchResult.FailedRow(row.row(), row.line(), error.field(), error.message()));
            archive.addLine(new BatchArchive.ManifestLine(row.row(), null, null, row.item().destination(), List.of(), null, null,
                    row.item().label(), error.message()));
            return;
        }
        List<String> files = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            String name = archive.fileName(row.row(), null, target.format(), target.size());
            archive.add(name, target.format(), images.get(i));
            files.add(name);
        }
        archive.addLine(new BatchArchive.ManifestLine(row.row(), null, null, entry.encoded(), files, entry.encoded(), null,
                row.item().label(), null));
    }
}
