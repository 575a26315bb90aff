package dev.qrly.core.batch;

import dev.qrly.core.DomainException;
import dev.qrly.core.Leases;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.code.Slugs;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.tenant.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Batches: many dynamic codes from one upload, made by a background job, and a ZIP of their images.
 *
 * <p>Design. A batch is stored with all its rows before it is acknowledged, so it survives the
 * client going away and the process stopping. One job runs at a time, on a thread of its own, and
 * renders on a pool with a thread per core: a batch uses every core, and two batches do not fight
 * over them. A job stores its codes a chunk of rows at a time, each chunk in one transaction that
 * also records the rows' outcomes ({@link BatchStore#commit}); then it renders the chunk's images
 * in parallel while it writes the previous chunk's to the archive, a file beside the others in the
 * data directory that is renamed into place when complete. A stop (SIGTERM) interrupts the job and
 * leaves the batch running; the next start resumes it from its first pending row and writes the
 * archive again, so a batch ends either done, with every row's code or error, or failed with what
 * was done, never with codes that it does not list.
 *
 * <p>Several instances on one store: a job runs holding the batch's lease ({@link Leases}), so one
 * instance works on a batch at a time; every instance looks for running batches that nobody
 * holds every {@link #RESUME_EVERY} (and at start), so a batch whose instance died is finished by
 * another. Should two jobs meet anyway (the lease's backend down), the store records each row's
 * outcome once. An archive is a file in the data directory of the instance that ran the job; any
 * other instance asked for it writes it again from the store into its own.
 */
public final class BatchService implements AutoCloseable {

    /** The most rows in one batch. */
    public static final int MAX_ROWS = 10_000;
    /** The most batches of one tenant that may be running (or waiting to) at once. */
    public static final int MAX_RUNNING_PER_TENANT = 3;
    static final int ID_LENGTH = 12;
    /** How often an instance looks for running batches that no instance is working on. */
    public static final Duration RESUME_EVERY = Duration.ofMinutes(1);
    /**
     * The longest one job holds its batch's lease: far beyond the slowest batch measured (seconds),
     * and how long a batch whose instance died waits before another instance takes it over.
     */
    static final Duration JOB_LEASE = Duration.ofMinutes(15);

    private static final Logger LOG = Logger.getLogger(BatchService.class.getName());

    private final BatchStore store;
    private final BatchJob.Parts parts;
    private final Path archiveDir;
    private final Clock clock;
    private final RandomGenerator random;
    private final ExecutorService runner;
    private final ExecutorService renderers;
    private final Leases leases;
    /** The batches queued or running on this instance, so that a look for orphans does not queue them twice. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Looks for orphaned batches, when several instances share the store. */
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(daemons("batch-watch"));
    /** One archive rebuild a batch at a time on this instance. */
    private final Map<String, Object> rebuilding = new ConcurrentHashMap<>();

    /**
     * @param archiveDir where archives are written, created if missing
     * @param renderThreads threads rendering images, usually one per core
     */
    public BatchService(BatchStore store, CodeService codes, ImageService images, ShortLinks links, Path archiveDir, Clock clock,
            RandomGenerator random, int renderThreads) {
        this(store, codes, images, links, archiveDir, clock, random, renderThreads, Leases.LOCAL);
    }

    /**
     * @param archiveDir where archives are written, created if missing
     * @param renderThreads threads rendering images, usually one per core
     * @param leases one job a batch across the instances sharing the store
     */
    public BatchService(BatchStore store, CodeService codes, ImageService images, ShortLinks links, Path archiveDir, Clock clock,
            RandomGenerator random, int renderThreads, Leases leases) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.store = Objects.requireNonNull(store, "store");
        this.archiveDir = Objects.requireNonNull(archiveDir, "archiveDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        try {
            Files.createDirectories(archiveDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the batch archive directory " + archiveDir, e);
        }
        this.runner = Executors.newSingleThreadExecutor(daemons("batch-job"));
        this.renderers = Executors.newFixedThreadPool(renderThreads, daemons("batch-render"));
        this.parts = new BatchJob.Parts(store, codes, images, links, clock, renderers);
    }

    /**
     * Accepts a batch and queues its job.
     *
     * @param rows numbered from 1 in order; rows may carry an error already (one the parser found)
     * @throws DomainException invalid ({@code items}) without rows, ({@code tags}) for tags no
     *     code could have, ({@code sizes}) for PNG sizes too small for the batch's codes; too large over
     *     {@value #MAX_ROWS} rows, too many when the tenant has {@value #MAX_RUNNING_PER_TENANT}
     *     batches running
     */
    public Batch submit(Principal caller, List<BatchRow> rows, BatchOptions options) {
        Objects.requireNonNull(options, "options");
        if (rows.isEmpty()) {
            throw DomainException.invalid("items", "a batch needs at least one row");
        }
        if (rows.size() > MAX_ROWS) {
            throw BatchCsv.tooMany(MAX_ROWS);
        }
        long running = store.running().stream().filter(b -> b.tenantId().equals(caller.tenantId())).count();
        if (running >= MAX_RUNNING_PER_TENANT) {
            throw new DomainException(DomainException.Kind.TOO_MANY, "too_many_batches", "this tenant has " + running
                    + " batches running, the most at once; wait for one to finish", null);
        }
        CodeService.tags(options.tags());
        checkSizes(rows, options);
        List<BatchRow> checked = duplicateSlugs(rows);
        int failed = (int) checked.stream().filter(r -> r.error() != null).count();
        Batch batch = new Batch(newId(), caller.tenantId(), caller.keyPrefix(), Batch.Status.RUNNING, checked.size(), 0, failed,
                options, clock.instant(), null, null);
        store.insert(batch, checked);
        queue(batch);
        return batch;
    }

    /** The caller's batch, with its progress. */
    public Batch get(Principal caller, String id) {
        return store.find(caller.tenantId(), normalise(id)).orElseThrow(() -> notFound(id));
    }

    /** The caller's batches, newest first. */
    public List<Batch> list(Principal caller, int limit) {
        return store.list(caller.tenantId(), limit);
    }

    /** The failed rows of a batch, in row order, at most {@code limit}. */
    public List<BatchRow> errors(Batch batch, int limit) {
        return store.failedRows(batch.id(), limit);
    }

    /**
     * The finished archive of the caller's batch.
     *
     * @throws DomainException not found (also for another tenant's), or conflict
     *     ({@code batch_running}, {@code batch_failed}) while it has none
     */
    public Path archive(Principal caller, String id) {
        Batch batch = get(caller, id);
        switch (batch.status()) {
            case RUNNING -> throw new DomainException(DomainException.Kind.CONFLICT, "batch_running", "batch " + batch.id()
                    + " is still running (" + batch.done() + " of " + batch.total() + " rows done); its archive comes when it is done", null);
            case FAILED -> throw new DomainException(DomainException.Kind.CONFLICT, "batch_failed", "batch " + batch.id()
                    + " failed and has no archive: " + batch.failure(), null);
            default -> { }
        }
        Path file = BatchJob.archiveFile(archiveDir, batch.id());
        if (Files.isRegularFile(file)) {
            return file;
        }
        // another instance ran the job, or the file was removed: write it again from the store
        synchronized (rebuilding.computeIfAbsent(batch.id(), absent -> new Object())) {
            try {
                return Files.isRegularFile(file) ? file : new BatchJob(parts, batch, archiveDir).rebuild();
            } catch (IOException e) {
                // the data folder's disk (full, most likely): the service's trouble, which passes, not the caller's
                DomainException unavailable = new DomainException(DomainException.Kind.UNAVAILABLE,
                        String.valueOf(e.getMessage()).contains("No space left") ? "storage_full" : "unavailable", "the archive of batch " + batch.id()
                                + " could not be written again (" + e.getMessage() + "); try again later", null);
                unavailable.initCause(e);
                throw unavailable;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DomainException(DomainException.Kind.UNAVAILABLE, "unavailable", "the service is stopping; "
                        + "ask for the archive of batch " + batch.id() + " again", null);
            } finally {
                rebuilding.remove(batch.id());
            }
        }
    }

    /**
     * Queues every running batch that is not queued here already: at start, those a previous run
     * left unfinished, and then every {@link #RESUME_EVERY}, those of an instance that died (a job
     * another instance is running holds its lease, and its copy here does nothing).
     *
     * @return how many were queued
     */
    public int resume() {
        int resumed = 0;
        for (Batch batch : store.running()) {
            if (queued.add(batch.id())) {
                runner.execute(() -> runJob(batch));
                resumed++;
            }
        }
        if (resumed > 0) {
            LOG.info("resuming " + resumed + " unfinished batch(es)");
        }
        return resumed;
    }

    /**
     * Looks for running batches that no instance works on every {@code period}, in the background:
     * for instances that share a store, where one may die in the middle of a batch.
     */
    public void resumeOrphansEvery(Duration period) {
        watcher.scheduleWithFixedDelay(() -> {
            try {
                resume();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "no look for unfinished batches this time (store unreachable)", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the job in progress between two chunks (its batch stays running, for the next start to
     * resume) and the threads; waits a few seconds for them.
     */
    @Override
    public void close() {
        watcher.shutdownNow();
        runner.shutdownNow();
        try {
            // the job may still wait for renders it started: stop the renderers after it
            runner.awaitTermination(10, TimeUnit.SECONDS);
            renderers.shutdownNow();
            renderers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            renderers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void queue(Batch batch) {
        queued.add(batch.id());
        runner.execute(() -> runJob(batch));
    }

    /** Runs a batch's job if no other instance holds its lease; either way it is no longer queued here after. */
    private void runJob(Batch batch) {
        try {
            leases.runAlone("batch:" + batch.id(), JOB_LEASE, () -> {
                try {
                    new BatchJob(parts, batch, archiveDir).run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.info("batch " + batch.id() + " stopped with the service; it resumes at the next start");
                }
            });
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "batch " + batch.id() + " failed", e);
        } finally {
            queued.remove(batch.id());
        }
    }

    /**
     * Refuses PNG sizes too small for the batch's largest code: the one with the longest slug that
     * may be valid, or a generated id, in the longest URL.
     */
    private void checkSizes(List<BatchRow> rows, BatchOptions options) {
        if (!options.formats().contains(ImageFormat.PNG)) {
            return;
        }
        int longest = Slugs.ID_LENGTH;
        for (BatchRow row : rows) {
            String slug = row.item().slug();
            if (slug != null && slug.length() <= Slugs.MAX_LENGTH) {
                longest = Math.max(longest, slug.length());
            }
        }
        int minimum = ImageService.minimumPngSize(parts.links().encoded("X".repeat(longest)), options.errorCorrection(),
                options.style());
        int smallest = options.sizes().stream().mapToInt(Integer::intValue).min().orElseThrow();
        if (smallest < minimum) {
            throw DomainException.invalid("sizes", smallest + " px is too small for this batch's codes: the smallest PNG size "
                    + "with 3 px a module is " + minimum + " px" + (longest > Slugs.ID_LENGTH ? " (for its longest slug)" : ""));
        }
    }

    /** Marks every row whose slug an earlier row of the batch has too. */
    private static List<BatchRow> duplicateSlugs(List<BatchRow> rows) {
        Map<String, Integer> firstRow = new HashMap<>();
        List<BatchRow> out = new ArrayList<>(rows.size());
        for (BatchRow row : rows) {
            String slug = row.item().slug();
            if (row.error() == null && slug != null) {
                Integer first = firstRow.putIfAbsent(Slugs.key(slug), row.row());
                if (first != null) {
                    out.add(row.withError(new RowError("slug", "slug_duplicate", "slug '" + slug + "' is on row " + first
                            + " of this batch too; each code needs its own")));
                    continue;
                }
            }
            out.add(row);
        }
        return out;
    }

    private String newId() {
        char[] id = new char[ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = Slugs.ID_ALPHABET.charAt(random.nextInt(Slugs.ID_ALPHABET.length()));
        }
        return new String(id);
    }

    private static String normalise(String id) {
        return id == null ? "" : Slugs.key(id);
    }

    private static DomainException notFound(String id) {
        return DomainException.notFound("no batch " + id);
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
