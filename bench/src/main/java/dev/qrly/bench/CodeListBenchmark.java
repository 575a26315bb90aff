package dev.qrly.bench;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.tenant.Tenant;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.store.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The dashboard's list against a tenant with 100,000 codes in the embedded store: a page of 25 at
 * the start and deep in the list (past the 90,000th code), in each order, and a text search. The
 * deep page costs what the first does when the page is read off an index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodeListBenchmark {

    static final int CODES = 100_000;
    static final int PAGE = 25;
    static final String TENANT = "T1";

    @Param({"NEWEST", "OLDEST", "LABEL"})
    public String order;

    private Path dir;
    private SqliteStorage storage;
    private CodeQuery first;
    private CodeQuery deep;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("qrly-list-bench");
        storage = SqliteStorage.open(dir.resolve("qrly.db"));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        storage.tenants().insertTenant(new Tenant(TENANT, "bench", t0));
        storage.tenants().insertTenant(new Tenant("T2", "other", t0));
        String[] words = {"menu", "poster", "badge", "flyer", "table", "receipt", "window", "card"};
        for (int i = 0; i < CODES + CODES / 10; i++) {
            String tenant = i % 11 == 10 ? "T2" : TENANT; // another tenant's codes in between
            String id = String.format("C%07d", i);
            Instant at = t0.plusSeconds(i);
            String label = i % 7 == 0 ? null : words[i % words.length] + " " + (i * 7919 % 100_000);
            Code code = new Code(id, tenant, id, "https://example.com/" + i, label, List.of(words[i % 3]), true, null, null,
                    ErrorCorrection.M, CodeStyle.DEFAULT, at, at, null);
            storage.codes().insert(code, new DestinationChange(code.destination(), at, "bench"));
        }
        CodeQuery.Order o = CodeQuery.Order.valueOf(order);
        first = new CodeQuery(PAGE, null, null, null, o);
        // walk to the 90,000th code in this order once, to have a deep cursor
        CodeQuery.Cursor cursor = null;
        for (int read = 0; read < 90_000; read += 200) {
            List<Code> page = storage.codes().list(TENANT, new CodeQuery(200, cursor, null, null, o));
            cursor = CodeQuery.Cursor.of(page.get(199));
        }
        deep = new CodeQuery(PAGE, cursor, null, null, o);
    }

    @TearDown
    public void tearDown() throws IOException {
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public List<Code> firstPage() {
        return storage.codes().list(TENANT, first);
    }

    @Benchmark
    public List<Code> pageAfter90000() {
        return storage.codes().list(TENANT, deep);
    }

    @Benchmark
    public List<Code> search() {
        return storage.codes().list(TENANT, new CodeQuery(PAGE, null, null, "poster 4", CodeQuery.Order.valueOf(order)));
    }
}
