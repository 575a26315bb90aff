package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.code;
import static dev.qrly.core.StoreSamples.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrly.core.code.Code;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.scan.ScanStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ScanStore}: batches, duplicates, per-code reads. */
public interface ScanStoreContract extends StorageFixture {

    private ScanStore scans() {
        return storage().scans();
    }

    /** The code every test scans; another tenant's code is {@link #otherCode()}. */
    private Code scanned() {
        return code(TENANT_A, 1).build();
    }

    private Code otherCode() {
        return code(TENANT_B, 2).build();
    }

    private static ScanEvent at(ScanEvent e, Instant at) {
        return new ScanEvent(e.id(), e.codeId(), e.tenantId(), at, e.ip(), e.userAgent(), e.referrer(), e.acceptLanguage(),
                e.source(), e.head(), e.prefetch(), e.outcome(), e.variant());
    }

    @BeforeEach
    default void givenTwoCodes() {
        givenTenants(TENANT_A, TENANT_B);
        given(scanned());
        given(otherCode());
    }

    @Test
    default void insert_everyFieldSetOrNull_roundTrips() {
        ScanEvent full = new ScanEvent(UUID.fromString("01900000-0000-7000-8000-000000000001"), scanned().id(), TENANT_A, T0,
                "2001:db8::1", "Mozilla/5.0 (iPhone) — ünïcode", "https://ref.example/?q=1", "de-CH", ScanSource.LINK, true, true,
                ScanEvent.Outcome.GONE, "variant-b");
        ScanEvent bare = new ScanEvent(UUID.fromString("01900000-0000-7000-8000-000000000002"), scanned().id(), TENANT_A,
                T0.plusMillis(1), "192.0.2.7", null, null, null, ScanSource.QR, false, false, ScanEvent.Outcome.REDIRECTED, null);

        scans().insert(List.of(full, bare));

        assertEquals(List.of(full, bare), scans().events(TENANT_A, scanned().id(), 10));
    }

    @Test
    default void insert_instantFinerThanMillis_isTruncated() {
        ScanEvent fine = at(scan(scanned(), 1), T0.plusNanos(777_777));

        scans().insert(List.of(fine));

        assertEquals(T0, scans().events(TENANT_A, scanned().id(), 1).get(0).at());
    }

    @Test
    default void events_insertedInAnyOrder_comeBackOldestFirst() {
        List<ScanEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(scan(scanned(), i));
        }
        List<ScanEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(7));

        scans().insert(shuffled);

        assertEquals(events, scans().events(TENANT_A, scanned().id(), 100));
    }

    @Test
    default void events_sameTime_comeBackInIdOrder() {
        ScanEvent first = at(scan(scanned(), 1), T0);
        ScanEvent second = at(scan(scanned(), 2), T0);

        scans().insert(List.of(second, first));

        assertEquals(List.of(first, second), scans().events(TENANT_A, scanned().id(), 10));
    }

    @Test
    default void events_limit_returnsTheOldest() {
        List<ScanEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(scan(scanned(), i));
        }
        scans().insert(events);

        assertEquals(events.subList(0, 3), scans().events(TENANT_A, scanned().id(), 3));
        assertEquals(List.of(), scans().events(TENANT_A, scanned().id(), 0));
    }

    @Test
    default void events_otherTenant_isEmpty() {
        scans().insert(List.of(scan(scanned(), 1)));

        assertEquals(List.of(), scans().events(TENANT_B, scanned().id(), 10));
    }

    @Test
    default void events_otherCodesEvents_areLeftOut() {
        ScanEvent mine = scan(scanned(), 1);
        scans().insert(List.of(mine, scan(otherCode(), 2)));

        assertEquals(List.of(mine), scans().events(TENANT_A, scanned().id(), 10));
    }

    @Test
    default void count_twoCodes_countsEachCodesOwn() {
        scans().insert(List.of(scan(scanned(), 1), scan(scanned(), 2), scan(otherCode(), 3)));

        assertEquals(2, scans().count(scanned().id()));
        assertEquals(1, scans().count(otherCode().id()));
    }

    @Test
    default void count_noEvents_isZero() {
        assertEquals(0, scans().count(scanned().id()));
        assertEquals(0, scans().count(StoreSamples.id(999)));
    }

    @Test
    default void insert_idStoredEarlier_isSkippedAndTheRestStored() {
        ScanEvent original = scan(scanned(), 1);
        scans().insert(List.of(original));
        ScanEvent replay = at(original, T0.plusSeconds(99));
        ScanEvent fresh = scan(scanned(), 2);

        scans().insert(List.of(replay, fresh));

        assertEquals(List.of(original, fresh), scans().events(TENANT_A, scanned().id(), 10));
        assertEquals(2, scans().count(scanned().id()));
    }

    @Test
    default void insert_sameIdTwiceInOneBatch_storedOnce() {
        ScanEvent event = scan(scanned(), 1);

        scans().insert(List.of(event, event));

        assertEquals(List.of(event), scans().events(TENANT_A, scanned().id(), 10));
    }

    @Test
    default void insert_emptyBatch_storesNothing() {
        scans().insert(List.of());

        assertEquals(0, scans().count(scanned().id()));
    }

    @Test
    default void insert_tenThousandEventsInOneCall_storesThemAll() {
        List<ScanEvent> events = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            events.add(scan(scanned(), i));
        }

        scans().insert(events);

        assertEquals(10_000, scans().count(scanned().id()));
        assertEquals(events.subList(0, 5), scans().events(TENANT_A, scanned().id(), 5));
    }
}
