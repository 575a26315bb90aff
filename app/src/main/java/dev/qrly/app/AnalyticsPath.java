package dev.qrly.app;

import dev.qrly.analytics.MmdbGeoLocator;
import dev.qrly.analytics.YauaaClassifier;
import dev.qrly.core.Leases;
import dev.qrly.core.analytics.AnalyticsStore;
import dev.qrly.core.analytics.CountRefresh;
import dev.qrly.core.analytics.Enricher;
import dev.qrly.core.analytics.GeoLocator;
import dev.qrly.core.analytics.IpHasher;
import dev.qrly.core.analytics.LiveCounts;
import dev.qrly.core.analytics.Retention;
import dev.qrly.core.analytics.ScanCounters;
import dev.qrly.core.analytics.ScanPipeline;
import dev.qrly.core.tenant.TenantStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The analytics path, wired: the address hashing key, the geo database, the user-agent parser
 * (loaded on a background thread once the server is up: the service answers scans meanwhile and
 * the pipeline keeps them unenriched in the store), the pipeline behind the scan queue, the
 * retention job, and the enrichment of kept scans once the parser is ready (also those a previous
 * run or an older version left).
 */
final class AnalyticsPath implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AnalyticsPath.class.getName());
    /** Held, so that its level stays: the parser reports each step of its loading, which is noise in the service's log. */
    private static final Logger PARSER_LOG = Logger.getLogger("nl.basjes");

    static {
        PARSER_LOG.setLevel(Level.WARNING);
    }
    /** Where earlier versions kept the address hashing key; adopted into the store on the first start. */
    static final String KEY_FILE = "ip-hash.key";
    /** The name of the address hashing key among the installation's secrets. */
    static final String SECRET_NAME = "ip-hash";
    /**
     * How long after the server is up the parser starts loading: its seconds of CPU would otherwise
     * share the core with the first requests (launch to first redirect went from about 1.1 s to
     * 1.3–1.4 s on one core).
     */
    static final long PARSER_DELAY_MILLIS = 1_000;
    /** Kept scans enriched a transaction. */
    static final int KEPT_PAGE = 4_096;
    /** How often, on a shared store, scans kept by other instances are looked for. */
    static final long KEPT_EVERY_MINUTES = 1;
    /** How often the maxScans counts are read from the live counts (Redis), which every instance updates at each write. */
    static final long LIVE_REFRESH_MILLIS = 250;

    final ScanCounters counters;
    final ScanPipeline pipeline;
    final GeoLocator geo;
    private final ScheduledExecutorService background;
    /** Reads the other instances' scans into the maxScans counts, on a shared store. */
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("maxscans-refresh").daemon(true).factory());
    private final Runnable loadParser;
    private final CompletableFuture<Enricher> enricher;

    private AnalyticsPath(ScanCounters counters, ScanPipeline pipeline, GeoLocator geo, ScheduledExecutorService background,
            Runnable loadParser, CompletableFuture<Enricher> enricher) {
        this.loadParser = loadParser;
        this.enricher = enricher;
        this.counters = counters;
        this.pipeline = pipeline;
        this.geo = geo;
        this.background = background;
    }

    /** The longest a retention run holds its lease; a run that dies holding it frees it after this. */
    private static final Duration RETENTION_LEASE = Duration.ofMinutes(30);

    static AnalyticsPath start(Config config, AnalyticsStore store, byte[] ipHashKey, Leases leases, LiveCounts shared,
            Clock clock) {
        // live counts are for instances that share a store; alone on SQLite, nobody would read them
        LiveCounts live = config.databaseUrl() != null ? shared : LiveCounts.NONE;
        IpHasher hasher = new IpHasher(ipHashKey);
        GeoLocator geo;
        try {
            geo = MmdbGeoLocator.find(config.dataDir(), config.geoipDb());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException((config.geoipDb() != null ? "QR_GEOIP_DB: " : "") + e.getMessage(), e);
        }
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("analytics-upkeep").daemon(true).factory());
        CompletableFuture<Enricher> enricher = new CompletableFuture<>();
        ScanCounters counters = new ScanCounters();
        AnalyticsPath path = new AnalyticsPath(counters, new ScanPipeline(enricher, store, counters, live), geo, background,
                () -> background.schedule(() -> Thread.ofPlatform().name("user-agent-parser-load").daemon(true).start(() -> {
                    try {
                        long started = System.nanoTime();
                        Enricher ready = new Enricher(YauaaClassifier.create(), geo, hasher);
                        LOG.info("user-agent parser loaded in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                        enricher.complete(ready);
                    } catch (RuntimeException | Error e) {
                        enricher.completeExceptionally(e);
                    }
                }), PARSER_DELAY_MILLIS, TimeUnit.MILLISECONDS), enricher);
        enricher.whenComplete((ready, failure) -> {
            if (failure != null && !(failure instanceof CancellationException)) {
                LOG.log(Level.SEVERE, "the user-agent parser failed to load; scans are stored unenriched until a start where it loads",
                        failure);
            }
        });
        Retention retention = new Retention(store, clock, Duration.ofDays(config.addressRetentionDays()),
                Duration.ofDays(config.scanRetentionDays()));
        if (config.databaseUrl() != null) {
            // a shared store: other instances' scans reach the maxScans counts from it
            // (a thread of its own: a long retention run must not hold the counts back)
            long every = live == LiveCounts.NONE ? 1_000 : LIVE_REFRESH_MILLIS;
            path.refresher.scheduleWithFixedDelay(new CountRefresh(counters, store, live, System::nanoTime), every, every,
                    TimeUnit.MILLISECONDS);
        }
        // one instance of a deployment purges at a time; the others skip that hour's run
        background.scheduleWithFixedDelay(() -> leases.runAlone("retention", RETENTION_LEASE, () -> purge(retention)), 1, 60,
                TimeUnit.MINUTES);
        // once the parser is ready, never before: this executor's one thread must not wait on it
        enricher.thenRunAsync(() -> enrichKept(path.pipeline), background);
        if (config.databaseUrl() != null) {
            // another instance may keep scans and die before its parser loads: this one moves them
            background.scheduleWithFixedDelay(() -> enrichKept(path.pipeline), KEPT_EVERY_MINUTES, KEPT_EVERY_MINUTES,
                    TimeUnit.MINUTES);
        }
        return path;
    }

    /**
     * Starts loading the user-agent parser on a thread of its own, {@link #PARSER_DELAY_MILLIS}
     * from now. Called once the server answers: the parser takes seconds of CPU, which the start
     * would otherwise share; scans recorded meanwhile wait in the queue.
     */
    void loadParser() {
        loadParser.run();
    }

    private static void purge(Retention retention) {
        try {
            Retention.Result result = retention.run();
            if (result.addressesForgotten() > 0 || result.scansDeleted() > 0) {
                LOG.info("retention: forgot the addresses of " + result.addressesForgotten() + " scans, deleted "
                        + result.scansDeleted() + " raw scans");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "retention run failed; next try in an hour", e);
        }
    }

    /**
     * Enriches the scans kept unenriched (while the parser loaded, by this run, a previous one or an
     * older version) into the analytics tables, oldest first, a page a transaction. The page lock is
     * the scan writer's too, so pages are kept small: the queue drains between them.
     */
    private static void enrichKept(ScanPipeline pipeline) {
        try {
            long started = System.nanoTime();
            long before = pipeline.enrichedFromKept();
            while (pipeline.enrichKept(KEPT_PAGE)) {
                // next page
            }
            long moved = pipeline.enrichedFromKept() - before;
            if (moved > 0) {
                LOG.info("enriched " + moved + " scans kept while the user-agent parser loaded (or left by an earlier run) in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "enriching kept scans failed; they stay kept, and the next start tries again", e);
        }
    }

    /**
     * The installation's address hashing key, kept in the store ({@link TenantStore#installationSecret})
     * so that every instance sharing the store hashes alike and a scanner is counted once whichever
     * instance it reached. The first start on a store proposes the key file an earlier version
     * left in the data directory, if there is one, so that unique-scanner counts go on; otherwise
     * 32 new random bytes. Losing the key only means that a scanner seen before counts again as new.
     */
    static byte[] ipHashKey(Path dataDir, TenantStore store, Clock clock) {
        Path file = dataDir.resolve(KEY_FILE);
        byte[] proposed;
        try {
            proposed = Files.exists(file) ? Files.readAllBytes(file) : IpHasher.newKey();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the address hashing key " + file + " an earlier version left", e);
        }
        if (proposed.length != IpHasher.KEY_BYTES) {
            throw new IllegalStateException(file + " should hold " + IpHasher.KEY_BYTES + " bytes, not " + proposed.length
                    + "; delete it to make a new key (unique-scanner counts then start afresh)");
        }
        byte[] key = store.installationSecret(SECRET_NAME, proposed, clock.instant());
        if (key.length != IpHasher.KEY_BYTES) {
            throw new IllegalStateException("the store's address hashing key holds " + key.length + " bytes, not "
                    + IpHasher.KEY_BYTES);
        }
        return key;
    }

    /** Call after the scan queue is closed: a batch still waiting for the parser would fail here. */
    @Override
    public void close() {
        enricher.completeExceptionally(new CancellationException("the service is stopping"));
        background.shutdownNow();
        refresher.shutdownNow();
        geo.close();
    }
}
