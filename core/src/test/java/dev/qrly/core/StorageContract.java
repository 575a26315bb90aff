package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.code;
import static dev.qrly.core.StoreSamples.firstChange;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.tenant.ApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} backend promises, run unchanged against each of them: an
 * adapter's test extends this class and says how to open its storage.
 *
 * <p>Rules the port Javadoc leaves open, fixed here so that backends agree:
 * <ul>
 *   <li>Instants are kept to the millisecond; finer parts are truncated. Cursors are in
 *       milliseconds, so a backend that kept microseconds would page wrongly.
 *   <li>Storing a tenant twice, or a key whose prefix is taken, is a programming error: it throws
 *       some {@link RuntimeException}, of no particular type, and changes nothing.
 *   <li>Tenants are stored before their codes, keys and images, and codes before their scans;
 *       backends may refuse rows of an unknown owner, and the suite never relies on either answer.
 *   <li>A code's tags come back in the order stored.
 *   <li>The tag filter is an exact, case-sensitive match of one tag. The text filter is a
 *       case-insensitive substring match (Unicode, not only ASCII) in which no character is a
 *       wildcard.
 *   <li>Scan events with the same time come back in id order (UUIDv7 ids are time-ordered).
 *   <li>{@link Storage#close()} may be called twice; {@link Storage#ping()} after it is false.
 * </ul>
 *
 * <p>Each port's tests are in an interface of their own ({@link CodeStoreContract} and so on),
 * run here as nested classes so that reports group them by port.
 */
public abstract class StorageContract implements StorageFixture {

    private Storage storage;

    /** A new, empty storage; called once before each test. */
    protected abstract Storage openStorage();

    /**
     * A new storage on the same data as the last one {@link #openStorage()} returned, which the suite
     * has closed by then.
     */
    protected abstract Storage reopenStorage();

    @BeforeEach
    final void openFreshStorage() {
        storage = openStorage();
    }

    @AfterEach
    final void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    @Override
    public final Storage storage() {
        return storage;
    }

    @Override
    public final Storage reopen() {
        storage.close();
        storage = null;
        storage = reopenStorage();
        return storage;
    }

    @Nested
    class Codes extends Bridge implements CodeStoreContract {}

    @Nested
    class CodeListing extends Bridge implements CodeListContract {}

    @Nested
    class Tenants extends Bridge implements TenantStoreContract {}

    @Nested
    class Analytics extends Bridge implements AnalyticsStoreContract {}

    @Nested
    class Images extends Bridge implements ImageStoreContract {}

    @Nested
    class Batches extends Bridge implements BatchStoreContract {}

    @Nested
    class Sessions extends Bridge implements SessionStoreContract {}

    /** Hands a nested class's fixture methods to the enclosing instance, which owns the storage. */
    abstract class Bridge implements StorageFixture {
        @Override
        public Storage storage() {
            return StorageContract.this.storage();
        }

        @Override
        public Storage reopen() {
            return StorageContract.this.reopen();
        }
    }

    @Test
    void ping_openStorage_isTrue() {
        assertTrue(storage.ping());
    }

    @Test
    void ping_afterClose_isFalseWithoutThrowing() {
        storage.close();
        assertFalse(assertDoesNotThrow(storage::ping));
    }

    @Test
    void close_calledTwice_isHarmless() {
        storage.close();
        assertDoesNotThrow(storage::close);
    }

    @Test
    void name_always_isShortAndLowerCase() {
        assertTrue(storage.name().matches("[a-z0-9-]{1,20}"), storage.name());
    }

    @Test
    void reopen_everyKindOfRow_survives() {
        givenTenants(TENANT_A);
        ApiKey key = StoreSamples.key("qk_survive", TENANT_A);
        storage.tenants().insertKey(key);
        Code code = given(code(TENANT_A, 1).label("Étiquette").tags("b", "a").build());
        Code updated = StoreSamples.CodeBuilder.from(code).destination("https://example.org/new").updatedAt(T0.plusSeconds(5))
                .build();
        DestinationChange change = new DestinationChange(updated.destination(), T0.plusSeconds(5), "qk_survive");
        assertTrue(storage.codes().update(updated, Optional.of(change)));
        Scan scan = StoreSamples.enriched(StoreSamples.scan(code, 1));
        storage.analytics().append(List.of(scan));
        ImageVariant image = StoreSamples.image("ab".repeat(32), TENANT_A);
        storage.images().insertIfAbsent(image);

        Storage again = reopen();

        assertTrue(again.ping());
        assertEquals(Optional.of(StoreSamples.tenant(TENANT_A)), again.tenants().findTenant(TENANT_A));
        assertEquals(Optional.of(key), again.tenants().findKey("qk_survive"));
        assertEquals(Optional.of(updated), again.codes().find(TENANT_A, code.id()));
        assertEquals(Optional.of(updated), again.codes().findBySlugKey(code.slugKey()));
        assertEquals(List.of(change, firstChange(code)), again.codes().history(TENANT_A, code.id()));
        assertEquals(List.of(updated), again.codes().list(TENANT_A, new CodeQuery(10, null, "a", null)));
        assertEquals(List.of(scan), again.analytics().scans(TENANT_A, code.id(), T0, T0.plusSeconds(60), null, 10));
        assertEquals(Optional.of(image), again.images().find(image.hash()));
    }

    @Test
    void concurrentInsertsFindsAndUpdates_distinctCodes_allSucceed() throws Exception {
        givenTenants(TENANT_A);
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        Code code = given(code(TENANT_A, thread * 1000 + i).tags("t" + thread)
                                .createdAt(T0.plusMillis(thread * 1000L + i)).build());
                        assertEquals(Optional.of(code), storage.codes().find(TENANT_A, code.id()));
                        Code changed = StoreSamples.CodeBuilder.from(code).label("thread " + thread).build();
                        assertTrue(storage.codes().update(changed, Optional.empty()));
                        assertEquals(Optional.of(changed), storage.codes().findBySlugKey(code.slugKey()));
                        storage.analytics().append(List.of(StoreSamples.enriched(StoreSamples.scan(code, thread * 1000 + i))));
                        storage.codes().list(TENANT_A, new CodeQuery(20, null, "t" + thread, null));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int t = 0; t < threads; t++) {
            List<Code> mine = storage.codes().list(TENANT_A, new CodeQuery(CodeQuery.MAX_LIMIT, null, "t" + t, null));
            assertEquals(perThread, mine.size());
            for (Code code : mine) {
                assertEquals("thread " + t, code.label());
                assertEquals(1, storage.analytics().humans(code.id()));
            }
        }
    }
}
