package dev.qrly.bench;

import dev.qrly.core.code.Slugs;
import dev.qrly.core.scan.FairShare;
import dev.qrly.core.scan.RateLimiter;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.scan.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the redirect decides per scan, measured for its allocation (issue 15): the client's rate
 * limit, the code's fair share (quiet, and under pressure where every scan looks at its (code,
 * client) pair), and the decision as a whole with the scan event it enqueues. Each with one client
 * repeated and with a new client every call, drawn in turn from 2^22 public addresses made at
 * set-up (four times the million the Caffeine-based limiter kept, so most are new to it).
 *
 * <p>Run: {@code bin/bench -prof gc RedirectAllocation} and read {@code gc.alloc.rate.norm}, the
 * bytes allocated per call. What outlives the call is what matters for the collector: a limiter's
 * per-key state does; the scan event (kept until written) is the one object the redirect needs.
 * Limits as {@code bin/bench-redirect} sets them (out of the way), so every call is answered.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedirectAllocationBenchmark {

    static final int CLIENTS = 1 << 22;
    static final String ONE_CLIENT = "203.0.113.7";
    static final String CODE = "C0000001";
    static final String SLUG = "aB3dE5";

    private String[] clients;
    private int next;
    private RateLimiter perClient;
    private FairShare quiet;
    private FairShare pressed;
    private Clock clock;
    private SplittableRandom random;

    @Setup
    public void setUp() {
        SplittableRandom seed = new SplittableRandom(15);
        clients = new String[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            // public IPv4 space, as a trusted proxy would forward it
            clients[i] = (1 + seed.nextInt(222)) + "." + seed.nextInt(256) + "." + seed.nextInt(256) + "." + (1 + seed.nextInt(254));
        }
        RateLimiter.Factory local = RateLimiter.Factory.local(System::nanoTime);
        perClient = local.create("client", 1_000_000_000L, 1e9);
        quiet = new FairShare(local.create("code", 1_000_000_000L, 1e9), 20, 10, System::nanoTime);
        // a bucket of one token is below 90 % after every take: the code is under pressure on every scan
        pressed = new FairShare(local.create("code", 1, 1e9), 1_000_000_000L, 1e9, System::nanoTime);
        clock = Clock.systemUTC();
        random = new SplittableRandom(7);
    }

    @TearDown
    public void tearDown() {
        perClient.close();
        quiet.close();
        pressed.close();
    }

    private String newClient() {
        String client = clients[next];
        next = (next + 1) & (CLIENTS - 1);
        return client;
    }

    @Benchmark
    public long clientLimitOneClient() {
        return perClient.tryAcquireWatching(ONE_CLIENT, 0.5);
    }

    @Benchmark
    public long clientLimitNewClient() {
        return perClient.tryAcquireWatching(newClient(), 0.5);
    }

    @Benchmark
    public long fairShareQuietNewClient() {
        return quiet.admit(CODE, newClient());
    }

    @Benchmark
    public long fairSharePressedOneClient() {
        return pressed.admit(CODE, ONE_CLIENT);
    }

    @Benchmark
    public long fairSharePressedNewClient() {
        return pressed.admit(CODE, newClient());
    }

    /** The redirect's own per-scan work short of HTTP: both limits, the slug's key, the event. */
    @Benchmark
    public ScanEvent scanOneClient() {
        return scan(ONE_CLIENT);
    }

    @Benchmark
    public ScanEvent scanNewClient() {
        return scan(newClient());
    }

    private ScanEvent scan(String client) {
        long wait = perClient.tryAcquireWatching(client, 0.5);
        String key = Slugs.key(SLUG);
        long admit = quiet.admit(CODE, client);
        Instant now = clock.instant();
        return new ScanEvent(UuidV7.next(clock, random), key, "T1", now, client, null, null, null, ScanSource.QR, false, false,
                ScanEvent.Outcome.REDIRECTED, null, wait != 0 || admit != 0);
    }
}
