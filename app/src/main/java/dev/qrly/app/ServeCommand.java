package dev.qrly.app;

import dev.qrly.core.DomainException;
import dev.qrly.core.Storage;
import dev.qrly.core.analytics.GeoLocator;
import dev.qrly.core.analytics.ScanCounters;
import dev.qrly.core.analytics.StatsService;
import dev.qrly.core.batch.BatchService;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.Destinations;
import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.scan.RouteCache;
import dev.qrly.core.scan.ScanQueue;
import dev.qrly.core.scan.ScanSpool;
import dev.qrly.core.tenant.AccessService;
import dev.qrly.server.QrlyServer;
import dev.qrly.server.ServerConfig;
import dev.qrly.server.Services;
import dev.qrly.store.postgres.PostgresStorage;
import dev.qrly.store.sqlite.SqliteStorage;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * {@code qr serve}: the whole service in one process, wired here from top to bottom. Stops on
 * SIGTERM or Ctrl-C: the server stops accepting, every queued scan event is written, the store closes.
 */
public final class ServeCommand {

    static final String HELP = """
            Usage: qr serve

            Runs the service: the API, the redirect route, images and the operations endpoints.
            State lives in QR_DATA_DIR (default ./data). On the first start it prints the admin
            API key (or takes QR_API_KEY). Configuration is by QR_* environment variables; the
            README lists them. Stop it with Ctrl-C or SIGTERM: queued scans are written first.
            One qr serve a data folder. Exit status: 0 stopped; 2 the start is refused (a bad
            argument or setting, the data folder in use, the store unreachable); 1 any other failure.
            """;

    /**
     * The most scan events per write: one transaction, one raw block per code scanned in it. Under
     * a varied stream, 16,384 a transaction ingested about 45 % more a second than 4,096: each
     * transaction rewrites the index pages it touches, and more events share them
     * (docs/BENCHMARKS.md).
     */
    static final int BATCH = 16_384;
    /**
     * How long a stop writes queued scans before it hands the rest to the spool: well inside the
     * 10 s a container runtime waits after SIGTERM, together with the server's own close.
     */
    static final Duration STOP_BUDGET = Duration.ofSeconds(5);
    /** The spool's folder in the data folder. */
    static final String SPOOL_DIR = "scan-spool";

    private ServeCommand() {}

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            if (args[0].equals("--help") || args[0].equals("-h")) {
                out.print(HELP);
                return 0;
            }
            err.println("qr serve: unexpected argument '" + args[0] + "'; configure with QR_* environment variables (see qr serve --help)");
            return 2;
        }
        Config config;
        ShortLinks links;
        try {
            config = Config.from(env);
            links = new ShortLinks(config.publicBaseUrl());
        } catch (Config.ConfigException | IllegalArgumentException e) {
            err.println("qr serve: " + e.getMessage());
            return 2;
        }
        Running running;
        try {
            // milliseconds: what the store keeps, so an answer never shows more precision than a re-read
            running = start(config, links, out, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)));
        } catch (DataDirLock.HeldException e) {
            err.println("qr serve: " + e.getMessage() + "; stop it first, or give this one its own QR_DATA_DIR");
            return 2;
        } catch (DomainException e) {
            err.println("qr serve: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("qr serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close(out);
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A started service and what must be closed, in order. */
    record Running(QrlyServer server, ScanQueue scans, AnalyticsPath analytics, BatchService batches, Shared shared,
            Storage storage, DataDirLock lock) {
        void close(PrintStream out) {
            server.close(); // no more scans arrive after this
            batches.close(); // a batch in progress stops between chunks and resumes at the next start
            scans.close(); // every queued event written
            analytics.close();
            shared.close();
            storage.close();
            lock.close();
            out.println("qrly stopped: " + scans.written() + " scan events written, " + scans.dropped() + " dropped"
                    + (scans.spilledAtStop() > 0 ? ", " + scans.spilledAtStop() + " spooled for the next start" : "")
                    + (scans.unwritten() > 0 ? ", " + scans.unwritten() + " not written: the store kept failing (" + scans.lastFailure()
                            + ")" : ""));
            out.flush();
        }
    }

    /**
     * The store the configuration selects: PostgreSQL when {@code QR_DATABASE_URL} is set, else the
     * SQLite file in the data directory.
     *
     * @throws DomainException (kind UNAVAILABLE) naming {@code QR_DATABASE_URL} and the server when it cannot be reached
     */
    static Storage openStorage(Config config) {
        if (config.databaseUrl() == null) {
            return SqliteStorage.open(config.dataDir().resolve("qrly.db"));
        }
        try {
            return PostgresStorage.open(config.databaseUrl());
        } catch (DomainException e) {
            throw new DomainException(e.kind(), e.code(), "QR_DATABASE_URL: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            throw new IllegalStateException("QR_DATABASE_URL: " + e.getMessage(), e);
        }
    }

    static Running start(Config config, ShortLinks links, PrintStream out, Clock clock) {
        return start(config, links, out, clock, System::nanoTime);
    }

    private static ServerConfig.Bucket bucket(Config.Rate rate) {
        return new ServerConfig.Bucket(rate.burst(), rate.perSecond());
    }

    /** @param nanoTime the monotonic time the rate limits read (a test moves it with its clock) */
    static Running start(Config config, ShortLinks links, PrintStream out, Clock clock, LongSupplier nanoTime) {
        RandomGenerator secure = new SecureRandom();
        RandomGenerator fast = () -> ThreadLocalRandom.current().nextLong();
        DataDirLock lock = DataDirLock.acquire(config.dataDir());
        Storage storage;
        try {
            storage = openStorage(config);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            Shared shared = Shared.of(config, nanoTime);
            AccessService access = new AccessService(storage.tenants(), clock, secure, shared.bus());
            Optional<String> firstKey = access.bootstrap(Optional.ofNullable(config.apiKey()));
            Optional<String> keyNote = firstKey.isEmpty() && config.apiKey() != null
                    ? access.configuredKeyNote(config.apiKey()) : Optional.empty();
            AnalyticsPath analytics = AnalyticsPath.start(config, storage.analytics(),
                    AnalyticsPath.ipHashKey(config.dataDir(), storage.tenants(), clock), shared.leases(), shared.counts(), clock);
            ScanCounters counters = analytics.counters;
            RouteCache routes = new RouteCache(storage.codes(), config.routeCacheEntries(), Duration.ofSeconds(config.routeTtlSeconds()),
                    Duration.ofSeconds(Math.min(10, config.routeTtlSeconds())), route -> {
                        if (route.maxScans() != null) {
                            counters.track(route.codeId(), () -> storage.analytics().humans(route.codeId()));
                        }
                    }, shared.routes(), shared.bus());
            CodeService codes = new CodeService(storage.codes(), new Destinations(config.deniedHosts()), routes, clock, secure);
            ScanSpool spool = ScanSpool.open(config.dataDir().resolve(SPOOL_DIR), config.scanSpoolBytes());
            long leftInSpool = spool.bytes();
            ScanQueue scans = new ScanQueue(analytics.pipeline, config.scanQueue(), BATCH, Duration.ofMillis(config.flushMillis()), spool,
                    STOP_BUDGET);
            ImageService images = new ImageService(storage.images(), ImageAddressKey.of(storage.tenants(), clock, secure),
                    config.imageCacheBytes());
            // variants an earlier version named by an unkeyed hash: give each its keyed address too
            int readdressed = images.addKeyedTwins();
            BatchService batches = new BatchService(storage.batches(), codes, images, links, config.dataDir().resolve("batches"),
                    clock, secure, config.batchThreads(), shared.leases());
            Map<String, BooleanSupplier> backends = new LinkedHashMap<>();
            backends.put(storage.name(), storage::ping);
            backends.put("disk", new DiskSpace(config.dataDir()));
            shared.backend().ifPresent(redis -> backends.put("redis", redis::ping));
            Services services = new Services(access, codes, routes, scans, images, links, storage, clock, fast,
                    new StatsService(storage.analytics(), clock), counters, analytics.pipeline, batches, backends, shared.limits());
            ServerConfig serverConfig = new ServerConfig(config.host(), config.port(), config.eventLoops(), 256 * 1024,
                    config.trustedProxies(), config.ipRate().burst(), config.ipRate().perSecond(), config.codeRate().burst(),
                    config.codeRate().perSecond(), config.apiRate().burst(), config.apiRate().perSecond(),
                    GeoCredit.of(analytics.geo.describe()), bucket(config.clientShareRate()), bucket(config.authFailRate()),
                    bucket(config.renderRate()), config.connections(), config.metrics());
            QrlyServer server;
            try {
                server = QrlyServer.start(services, serverConfig);
            } catch (RuntimeException e) {
                batches.close();
                scans.close();
                analytics.close();
                shared.close();
                throw e;
            }
            long startedMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            String local = "http://" + (config.host().equals("0.0.0.0") ? "localhost" : config.host()) + ":" + server.port() + "/";
            out.println("qrly listening on " + local + " (started in " + startedMillis + " ms; data in " + config.dataDir() + ")");
            if (config.databaseUrl() != null) {
                out.println("  store:          PostgreSQL at " + config.databaseUrl().server()
                        + (config.databaseUrl().schema() == null ? "" : ", schema " + config.databaseUrl().schema()));
            }
            out.println("  dashboard:      " + local + "  (sign in with an API key)");
            out.println("  API:            " + local + "api/v1/  (Authorization: Bearer <key>)");
            out.println("  API reference:  " + local + "api/v1/openapi.json");
            if (server.metricsPort() >= 0) {
                out.println("  metrics:        http://" + config.metrics().host() + ":" + server.metricsPort() + "/metrics"
                        + (config.metrics().token() == null ? "" : " (bearer token: QR_METRICS_TOKEN)"));
            }
            out.println("  codes redirect: " + config.publicBaseUrl() + "<slug>");
            if (links.loopback()) {
                out.println("  WARNING:        codes made now encode " + config.publicBaseUrl() + "…, an address only this machine reaches, "
                        + "and a printed code cannot be changed: set QR_PUBLIC_BASE_URL to the public address first");
            }
            shared.backend().ifPresent(redis -> out.println("  shared cache:   Redis at " + redis.address()
                    + (redis.awaitConnected(Duration.ofSeconds(1)) ? "" : " (not answering yet: this instance goes on alone until it does)")));
            if (firstKey.isPresent() && config.apiKey() == null) {
                out.println("  admin API key (shown once; keep it safe): " + firstKey.get());
            } else if (firstKey.isPresent()) {
                out.println("  admin API key: the one in QR_API_KEY, now registered");
            }
            keyNote.ifPresent(note -> out.println("  admin API key:  " + note));
            if (leftInSpool > 0) {
                out.println("  scan spool:     " + leftInSpool + " bytes of scans spooled by an earlier run; writing them to the store");
            }
            if (readdressed > 0) {
                out.println("  images:         " + readdressed + " made by an earlier version also have keyed addresses now "
                        + "(their old addresses keep serving)");
            }
            out.println("  geo database:   " + analytics.geo.describe()
                    + (analytics.geo == GeoLocator.NONE ? " (countries are 'unknown'; bin/fetch-geoip installs one)" : ""));
            out.flush();
            analytics.loadParser();
            int resumed = batches.resume();
            if (config.databaseUrl() != null && shared.backend().isPresent()) {
                // a shared store, and leases to share it: finish the batches of an instance that died
                batches.resumeOrphansEvery(BatchService.RESUME_EVERY);
            }
            if (resumed > 0) {
                out.println("  batches:        resuming " + resumed + " that the last run left unfinished");
            }
            return new Running(server, scans, analytics, batches, shared, storage, lock);
        } catch (RuntimeException e) {
            storage.close();
            lock.close();
            throw e;
        }
    }
}
