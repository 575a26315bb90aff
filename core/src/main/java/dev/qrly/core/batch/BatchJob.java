package dev.qrly.core.batch;

import dev.qrly.core.DomainException;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.NewCode;
import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.core.tenant.Principal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * One run of one batch: see {@link BatchService} for the design. Not thread-safe; one thread runs it.
 */
final class BatchJob {

    /** Rows stored and rendered together; a batch's progress moves by this much. */
    static final int CHUNK = 100;
    private static final int ID_ATTEMPTS = 10;

    /** What every job uses. */
    record Parts(BatchStore store, CodeService codes, ImageService images, ShortLinks links, Clock clock,
            ExecutorService renderers) {}

    /** A row as it goes into the archive: its code (or error) and, once rendered, its images. */
    private record Entry(BatchRow row, Code code, CompletableFuture<List<ImageService.Image>> images) {}

    private final Parts parts;
    private final Batch batch;
    private final Path archiveDir;
    private final Principal owner;
    private final List<ImageService.Target> targets;

    BatchJob(Parts parts, Batch batch, Path archiveDir) {
        this.parts = parts;
        this.batch = batch;
        this.archiveDir = archiveDir;
        this.owner = new Principal(batch.tenantId(), batch.keyPrefix(), false);
        List<ImageService.Target> all = new ArrayList<>();
        for (ImageFormat format : batch.options().formats()) {
            if (format == ImageFormat.PNG) {
                batch.options().sizes().forEach(size -> all.add(new ImageService.Target(format, size)));
            } else {
                all.add(new ImageService.Target(format, 0));
            }
        }
        this.targets = List.copyOf(all);
    }

    static Path archiveFile(Path archiveDir, String batchId) {
        return archiveDir.resolve(batchId + ".zip");
    }

    /**
     * Makes the pending rows' codes and writes the archive of every row, then marks the batch done,
     * or failed if anything but an interrupt stops it.
     *
     * @throws InterruptedException when the service stops: the batch stays running, to resume
     */
    void run() throws InterruptedException {
        Batch now = parts.store().find(batch.tenantId(), batch.id()).orElse(null);
        if (now == null || now.status() != Batch.Status.RUNNING) {
            return; // another instance finished it meanwhile
        }
        Path part = archiveDir.resolve(batch.id() + ".zip.part");
        try {
            writeArchive(part);
            Files.move(part, archiveFile(archiveDir, batch.id()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            parts.store().finish(batch.id(), Batch.Status.DONE, parts.clock().instant(), null);
        } catch (InterruptedException e) {
            deleteQuietly(part);
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(part);
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("stopped");
            }
            Batch failed = parts.store().find(batch.tenantId(), batch.id()).orElse(batch);
            String reason = e instanceof IOException ? "the archive could not be written: " + e.getMessage() : e.getMessage();
            parts.store().finish(batch.id(), Batch.Status.FAILED, parts.clock().instant(), reason + "; " + failed.done() + " of "
                    + failed.total() + " rows were done (" + failed.created() + " codes made, listed with the batch's rows)");
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /**
     * Writes again the archive of a batch that is done, from its rows and codes in the store, for an
     * instance whose data directory does not have it (another instance ran the batch). Leaves the
     * batch as it is; a failure leaves no file behind.
     */
    Path rebuild() throws IOException, InterruptedException {
        Path part = Files.createTempFile(archiveDir, batch.id() + ".", ".zip.part");
        try {
            writeArchive(part);
            Path file = archiveFile(archiveDir, batch.id());
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            deleteQuietly(part);
        }
    }

    /** Makes the pending rows' codes, chunk by chunk, and writes every row's images and manifest line to {@code part}. */
    private void writeArchive(Path part) throws IOException, InterruptedException {
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
            BatchArchive archive = new BatchArchive(file, batch.total());
            List<Entry> previous = List.of();
            int from = 1;
            while (true) {
                List<BatchRow> rows = parts.store().rows(batch.id(), from, CHUNK);
                if (rows.isEmpty()) {
                    break;
                }
                from = rows.get(rows.size() - 1).row() + 1;
                List<Entry> current = render(make(rows));
                write(archive, previous);
                previous = current;
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            write(archive, previous);
            archive.finish();
        }
    }

    /**
     * Stores the codes of a chunk's pending rows and returns every row of the chunk with its code or
     * error: pending rows as just stored, the others as stored before (a resumed batch).
     */
    private List<Entry> make(List<BatchRow> rows) {
        Map<Integer, Code> made = new HashMap<>();
        List<BatchStore.Outcome> outcomes = new ArrayList<>();
        for (BatchRow row : rows) {
            if (!row.pending()) {
                continue;
            }
            try {
                Code code = parts.codes().prepare(owner, newCode(row.item()));
                made.put(row.row(), code);
                outcomes.add(BatchStore.Outcome.created(row.row(), code, first(code)));
            } catch (DomainException e) {
                outcomes.add(BatchStore.Outcome.failed(row.row(), new RowError(e.field(), e.code(), e.getMessage())));
            }
        }
        for (int attempt = 0; !outcomes.isEmpty(); attempt++) {
            List<Integer> idTaken = parts.store().commit(batch.id(), outcomes);
            outcomes = new ArrayList<>();
            for (int row : idTaken) {
                if (attempt + 1 >= ID_ATTEMPTS) {
                    throw new IllegalStateException("no free code id found for row " + row + " in " + ID_ATTEMPTS + " draws");
                }
                Code code = parts.codes().withNewId(made.get(row), rowItem(rows, row).slug() != null);
                made.put(row, code);
                outcomes.add(BatchStore.Outcome.created(row, code, first(code)));
            }
        }
        List<BatchRow> stored = parts.store().rows(batch.id(), rows.get(0).row(), rows.size());
        List<Entry> entries = new ArrayList<>(stored.size());
        for (BatchRow row : stored) {
            Code code = null;
            if (row.codeId() != null) {
                Code fresh = made.get(row.row());
                if (fresh != null && fresh.id().equals(row.codeId())) {
                    code = fresh;
                    parts.codes().announce(code);
                } else {
                    code = parts.codes().get(owner, row.codeId());
                }
            }
            entries.add(new Entry(row, code, null));
        }
        return entries;
    }

    private NewCode newCode(BatchItem item) {
        LinkedHashSet<String> tags = new LinkedHashSet<>(item.tags());
        tags.addAll(batch.options().tags());
        return new NewCode(item.destination(), item.slug(), item.label(), List.copyOf(tags), null, null,
                batch.options().errorCorrection(), batch.options().style());
    }

    private DestinationChange first(Code code) {
        return new DestinationChange(code.destination(), code.createdAt(), owner.keyPrefix());
    }

    private static BatchItem rowItem(List<BatchRow> rows, int row) {
        return rows.stream().filter(r -> r.row() == row).findFirst().orElseThrow().item();
    }

    /** Starts rendering each row's images on the pool. */
    private List<Entry> render(List<Entry> entries) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry.code() == null) {
                out.add(entry);
                continue;
            }
            ImageVariant variant = variant(entry.code());
            out.add(new Entry(entry.row(), entry.code(),
                    CompletableFuture.supplyAsync(() -> parts.images().render(variant, targets), parts.renderers())));
        }
        return out;
    }

    private ImageVariant variant(Code code) {
        String encoded = parts.links().encoded(code.slug());
        return new ImageVariant(parts.images().address(encoded, code.errorCorrection(), code.style()), code.tenantId(), encoded,
                code.errorCorrection(), code.style());
    }

    /** Waits for a chunk's images, registers them so their public URLs serve, and adds them and their manifest lines. */
    private void write(BatchArchive archive, List<Entry> entries) throws IOException, InterruptedException {
        List<ImageVariant> variants = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.code() != null) {
                variants.add(variant(entry.code()));
            }
        }
        List<List<ImageService.Image>> images = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            images.add(entry.images() == null ? List.of() : await(entry.images()));
        }
        if (!variants.isEmpty()) {
            parts.images().registerRendered(variants);
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            BatchRow row = entry.row();
            Code code = entry.code();
            List<String> files = new ArrayList<>(targets.size());
            for (int t = 0; t < images.get(i).size(); t++) {
                ImageService.Target target = targets.get(t);
                String name = archive.fileName(row.row(), code.id(), target.format(), target.size());
                archive.add(name, target.format(), images.get(i).get(t).bytes());
                files.add(name);
            }
            archive.addLine(code == null
                    ? new BatchArchive.ManifestLine(row.row(), null, null, row.item().destination(), files, null, row.item().slug(),
                            row.item().label(), row.error() == null ? "" : row.error().message())
                    : new BatchArchive.ManifestLine(row.row(), code.id(), parts.links().shortUrl(code.slug()), code.destination(),
                            files, parts.links().encoded(code.slug()), code.slug(), code.label(), null));
        }
    }

    private static List<ImageService.Image> await(CompletableFuture<List<ImageService.Image>> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .part file is overwritten by the next run of the batch
        }
    }
}
