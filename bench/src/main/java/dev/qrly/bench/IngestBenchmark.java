package dev.qrly.bench;

import dev.qrly.analytics.MmdbGeoLocator;
import dev.qrly.analytics.YauaaClassifier;
import dev.qrly.core.analytics.Enricher;
import dev.qrly.core.analytics.GeoLocator;
import dev.qrly.core.analytics.IpHasher;
import dev.qrly.core.analytics.ScanCounters;
import dev.qrly.core.analytics.ScanPipeline;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.store.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The analytics path's ingest rate: scan events per second enriched (user agent, bots, geo,
 * referrer, hashed address) and written to the embedded store (raw blocks, hourly rollups, unique
 * scanners, totals), one batch of {@value #BATCH} per transaction, as the scan writer does under load.
 *
 * <p>The traffic is a plausible mix: 1,000 codes, 40 user agents of phones, tablets, desktops and
 * link-preview bots, public IPv4 addresses that are mostly new (see {@link #address}), half the
 * scans with a referrer, time moving on as if 50,000 scans arrived a second. The geo database is used
 * when {@code -Dqrly.geoip=<dir or file>} names one ({@code bin/bench} passes the fetched one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {

    /** The service's largest write (its scan writer's batch). */
    static final int BATCH = 16_384;

    private static final String[] AGENTS = {
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 12; M2101K6G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.179 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; CPH2451) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; moto g(30)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.118 Mobile Safari/537.36",
        "Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0",
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/468.0.0.42.107]",
        "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 Instagram 337.0.0.35.102 Android",
        "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 15_8 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 13; 2201117TG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.147 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 14; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.110 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15",
        "Mozilla/5.0 (Linux; Android 14; Pixel 6a) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
        "WhatsApp/2.23.20.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    };
    private static final String[] REFERRERS = {
        "https://www.instagram.com/", "https://l.facebook.com/", "https://t.co/abc", "https://www.linkedin.com/feed/",
        "https://news.example.org/story", "https://mail.google.com/", "https://www.google.com/", "android-app://com.slack/",
    };

    private Path dir;
    private SqliteStorage storage;
    private ScanPipeline pipeline;
    private Enricher enricher;
    private final String[] codes = new String[1_000];
    private final String[] recent = new String[1_000];
    private final SplittableRandom random = new SplittableRandom(42);
    /** Microseconds since the epoch: scans arrive 20 µs apart on average, 50,000 a second. */
    private long atMicros = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli() * 1000;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("qrly-ingest");
        storage = SqliteStorage.open(dir.resolve("qrly.db"));
        String geoPath = System.getProperty("qrly.geoip", "");
        GeoLocator geo = geoPath.isEmpty() ? GeoLocator.NONE : MmdbGeoLocator.open(Path.of(geoPath));
        enricher = new Enricher(YauaaClassifier.create(), geo, new IpHasher(IpHasher.newKey()));
        pipeline = new ScanPipeline(CompletableFuture.completedFuture(enricher), storage.analytics(), new ScanCounters());
        java.util.Arrays.fill(recent, "81.2.69.142");
        for (int c = 0; c < codes.length; c++) {
            codes[c] = String.format("C%07d", c);
        }
    }

    /**
     * A new batch: new ids, time moving on, addresses, agents and referrers drawn at random. A few
     * per cent of the measured time.
     */
    private List<ScanEvent> batch() {
        List<ScanEvent> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            atMicros += random.nextInt(41);
            batch.add(new ScanEvent(new UUID(random.nextLong(), random.nextLong()), codes[random.nextInt(codes.length)], "t_bench",
                    Instant.ofEpochSecond(atMicros / 1_000_000, atMicros % 1_000_000 * 1000), address(),
                    AGENTS[random.nextInt(AGENTS.length)],
                    random.nextBoolean() ? null : REFERRERS[random.nextInt(REFERRERS.length)], "en-GB,en;q=0.9",
                    random.nextInt(10) == 0 ? ScanSource.LINK : ScanSource.QR, false, false, ScanEvent.Outcome.REDIRECTED, null));
        }
        return batch;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * A public IPv4 address, nearly always a new one: a service at 50,000 scans a second sees
     * millions of scanners a day. One in five scans is from the last 1,000 addresses, as people scan
     * again and groups share a network.
     */
    private String address() {
        if (random.nextInt(5) == 0) {
            return recent[random.nextInt(recent.length)];
        }
        int first = 11 + random.nextInt(212);
        String ip = (first == 127 ? 128 : first) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        recent[random.nextInt(recent.length)] = ip;
        return ip;
    }

    /** One batch through the pipeline: enrich, then one transaction. The score is events per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void ingest() {
        pipeline.write(batch());
    }

    /** Enrichment alone, nothing stored: how much of {@link #ingest} is the store's. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enrichOnly(Blackhole sink) {
        for (ScanEvent event : batch()) {
            sink.consume(enricher.enrich(event));
        }
    }
}
