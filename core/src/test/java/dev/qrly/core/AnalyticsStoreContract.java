package dev.qrly.core;

import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrly.core.analytics.AnalyticsStore;
import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import dev.qrly.core.analytics.Dimension;
import dev.qrly.core.analytics.HourCount;
import dev.qrly.core.analytics.Place;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.analytics.ScanCursor;
import dev.qrly.core.analytics.ScanFilter;
import dev.qrly.core.analytics.Totals;
import dev.qrly.core.code.Code;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AnalyticsStore}: raw scans in and out, rollups, unique scanners, totals, retention, tenants kept apart. */
public interface AnalyticsStoreContract extends StorageFixture {

    Client IPHONE = new Client(DeviceClass.MOBILE, "iOS", "Safari", null);
    Client DESKTOP = new Client(DeviceClass.DESKTOP, "Windows", "Edge", null);
    Client WHATSAPP = Client.bot("WhatsApp", "Unknown", "WhatsApp");
    Place PARIS = new Place("FR", "Paris");
    Place BERLIN = new Place("DE", "Berlin");
    /** A UTC midnight (StoreSamples.T0's), so that hours and days in the tests are the store's. */
    Instant T0 = StoreSamples.T0.truncatedTo(ChronoUnit.DAYS);
    Instant END = T0.plus(Duration.ofDays(3));

    private AnalyticsStore analytics() {
        return storage().analytics();
    }

    private Code scanned() {
        return code(TENANT_A, 1).tags("menu").build();
    }

    private Code sibling() {
        return code(TENANT_A, 3).tags("poster").build();
    }

    private Code otherTenants() {
        return code(TENANT_B, 2).build();
    }

    /** A scan of {@code code} at {@code T0 + seconds}, numbered {@code n} (its id's order is its number's). */
    private static Scan scan(Code code, int n, long seconds, Client client, Place place, String ip) {
        return new Scan(new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0000L + n), code.id(), T0.plusSeconds(seconds),
                n % 3 == 0 ? ScanSource.LINK : ScanSource.QR, ScanEvent.Outcome.REDIRECTED, false, false, null, ip, ip.hashCode(),
                "agent " + (n % 4), n % 2 == 0 ? null : "https://news.example/a", n % 2 == 0 ? null : "news.example", "de", client,
                place);
    }

    private static Scan human(Code code, int n, long seconds) {
        return scan(code, n, seconds, IPHONE, PARIS, "203.0.113." + (n % 200));
    }

    private ScanFilter all(Code code) {
        return new ScanFilter(code.tenantId(), code.id(), null, T0.minusSeconds(3600), END);
    }

    @BeforeEach
    default void givenCodes() {
        givenTenants(TENANT_A, TENANT_B);
        given(scanned());
        given(sibling());
        given(otherTenants());
    }

    @Test
    default void append_everyFieldSetOrNull_roundTrips() {
        Scan full = new Scan(UUID.fromString("01900000-0000-7000-8000-000000000001"), scanned().id(), T0.plusMillis(5),
                ScanSource.LINK, ScanEvent.Outcome.GONE, true, true, "variant-b", "2001:db8::1", -42L, "Mozilla/5.0 (iPhone) — ünïcode",
                "https://ref.example/?q=1", "ref.example", "de-CH", WHATSAPP, new Place("CH", "Zürich"));
        Scan bare = new Scan(UUID.fromString("01900000-0000-7000-8000-000000000002"), scanned().id(), T0.plusMillis(7),
                ScanSource.QR, ScanEvent.Outcome.REDIRECTED, false, false, null, "192.0.2.7", Long.MAX_VALUE, null, null, null, null,
                new Client(DeviceClass.OTHER, "Unknown", "Unknown", null), Place.UNKNOWN);

        analytics().append(List.of(bare, full));

        assertEquals(List.of(full, bare), analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10));
    }

    @Test
    default void append_empty_changesNothing() {
        analytics().append(List.of());

        assertEquals(List.of(), analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10));
        assertEquals(0, analytics().humans(scanned().id()));
    }

    @Test
    default void scans_manyBatchesOutOfOrder_pageThroughInTimeOrder() {
        List<Scan> expected = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            expected.add(human(n % 2 == 0 ? scanned() : sibling(), n, n / 7)); // several scans a second
        }
        List<Scan> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(7));
        for (int start = 0; start < shuffled.size(); start += 300) {
            analytics().append(shuffled.subList(start, Math.min(shuffled.size(), start + 300)));
        }
        List<Scan> mine = expected.stream().filter(s -> s.codeId().equals(scanned().id())).toList();

        List<Scan> paged = new ArrayList<>();
        ScanCursor cursor = null;
        while (true) {
            List<Scan> page = analytics().scans(TENANT_A, scanned().id(), T0, END, cursor, 77);
            paged.addAll(page);
            if (page.size() < 77) {
                break;
            }
            Scan last = page.get(page.size() - 1);
            cursor = new ScanCursor(last.at(), last.id());
        }
        assertEquals(mine, paged);
    }

    @Test
    default void scans_bigBatchOfOneCode_allComeBack() {
        List<Scan> scans = new ArrayList<>();
        for (int n = 0; n < 9_000; n++) {
            scans.add(human(scanned(), n, n));
        }
        analytics().append(scans);

        assertEquals(scans, analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10_000));
        assertEquals(9_000, analytics().humans(scanned().id()));
    }

    @Test
    default void humans_ofSeveralCodes_inOneRead_leavesOutThoseWithout() {
        List<Scan> scans = new ArrayList<>();
        for (int n = 0; n < 7; n++) {
            scans.add(human(n < 5 ? scanned() : sibling(), n, n));
        }
        analytics().append(scans);

        assertEquals(Map.of(scanned().id(), 5L, sibling().id(), 2L),
                analytics().humans(List.of(scanned().id(), sibling().id(), "NOSUCHCODE01", scanned().id())));
        assertEquals(Map.of(), analytics().humans(List.of()));
    }

    @Test
    default void scans_timeRange_isHalfOpen() {
        analytics().append(List.of(human(scanned(), 1, 10), human(scanned(), 2, 20), human(scanned(), 3, 30)));

        List<Scan> found = analytics().scans(TENANT_A, scanned().id(), T0.plusSeconds(10), T0.plusSeconds(30), null, 10);

        assertEquals(List.of(1L, 2L), found.stream().map(s -> s.id().getLeastSignificantBits() - 0x8000_0000_0000_0000L).toList());
    }

    @Test
    default void scans_limitZero_isEmpty_negative_isRefused() {
        analytics().append(List.of(human(scanned(), 1, 10)));

        assertEquals(List.of(), analytics().scans(TENANT_A, scanned().id(), T0, END, null, 0));
        assertThrows(IllegalArgumentException.class, () -> analytics().scans(TENANT_A, scanned().id(), T0, END, null, -1));
    }

    @Test
    default void everyRead_anotherTenantsCode_findsNothing() {
        analytics().append(List.of(human(otherTenants(), 1, 10)));
        ScanFilter asTenantA = new ScanFilter(TENANT_A, otherTenants().id(), null, T0, END);

        assertEquals(List.of(), analytics().scans(TENANT_A, otherTenants().id(), T0, END, null, 10));
        assertEquals(List.of(), analytics().hourly(asTenantA));
        assertEquals(Map.of(), analytics().breakdown(asTenantA, Dimension.DEVICE));
        assertEquals(0, analytics().uniqueHumans(asTenantA));
        assertEquals(Map.of(), analytics().breakdown(new ScanFilter(TENANT_A, null, null, T0, END), Dimension.CODE));
        assertEquals(1, analytics().hourly(all(otherTenants())).get(0).humans());
    }

    @Test
    default void hourly_humansAndBotsPerHour_inTheRangesHours() {
        analytics().append(List.of(human(scanned(), 1, 10), human(scanned(), 2, 3599),
                scan(scanned(), 3, 3600, WHATSAPP, PARIS, "198.51.100.1"), human(scanned(), 4, 7200 + 5),
                human(sibling(), 5, 10)));
        long h0 = T0.getEpochSecond() / 3600;

        assertEquals(List.of(new HourCount(h0, 2, 0), new HourCount(h0 + 1, 0, 1), new HourCount(h0 + 2, 1, 0)),
                analytics().hourly(all(scanned())));
        // hours that start in [from, to): from inside hour 0 counts hour 0; to at hour 2's start excludes it
        assertEquals(List.of(new HourCount(h0, 2, 0), new HourCount(h0 + 1, 0, 1)),
                analytics().hourly(new ScanFilter(TENANT_A, scanned().id(), null, T0.plusSeconds(1800), T0.plusSeconds(7200))));
    }

    @Test
    default void breakdown_eachDimension_countsHumans_botsApart() {
        analytics().append(List.of(
                scan(scanned(), 1, 10, IPHONE, PARIS, "203.0.113.1"),      // qr, referrer news.example
                scan(scanned(), 2, 20, IPHONE, BERLIN, "203.0.113.2"),     // qr, direct
                scan(scanned(), 3, 30, DESKTOP, Place.UNKNOWN, "203.0.113.3"), // link, referrer
                scan(scanned(), 4, 40, WHATSAPP, PARIS, "203.0.113.4"),
                scan(scanned(), 6, 50, Client.bot("Slack", "Unknown", "Slackbot"), PARIS, "203.0.113.6")));
        ScanFilter filter = all(scanned());

        assertEquals(Map.of("mobile", 2L, "desktop", 1L), analytics().breakdown(filter, Dimension.DEVICE));
        assertEquals(Map.of("iOS", 2L, "Windows", 1L), analytics().breakdown(filter, Dimension.OS));
        assertEquals(Map.of("Safari", 2L, "Edge", 1L), analytics().breakdown(filter, Dimension.BROWSER));
        assertEquals(Map.of("FR", 1L, "DE", 1L, "unknown", 1L), analytics().breakdown(filter, Dimension.COUNTRY));
        assertEquals(Map.of("Paris, FR", 1L, "Berlin, DE", 1L), analytics().breakdown(filter, Dimension.CITY));
        assertEquals(Map.of("news.example", 2L, "direct", 1L), analytics().breakdown(filter, Dimension.REFERRER));
        assertEquals(Map.of("qr", 2L, "link", 1L), analytics().breakdown(filter, Dimension.SOURCE));
        assertEquals(Map.of("WhatsApp", 1L, "Slack", 1L), analytics().breakdown(filter, Dimension.BOT));
    }

    @Test
    default void breakdownByCode_tenantWide_andByTag() {
        analytics().append(List.of(human(scanned(), 1, 10), human(scanned(), 2, 20), human(sibling(), 4, 30),
                scan(sibling(), 5, 40, WHATSAPP, PARIS, "203.0.113.9"), human(otherTenants(), 7, 50)));

        assertEquals(Map.of(scanned().id(), 2L, sibling().id(), 1L),
                analytics().breakdown(new ScanFilter(TENANT_A, null, null, T0, END), Dimension.CODE));
        assertEquals(Map.of(sibling().id(), 1L),
                analytics().breakdown(new ScanFilter(TENANT_A, null, "poster", T0, END), Dimension.CODE));
        assertEquals(List.of(new HourCount(T0.getEpochSecond() / 3600, 1, 1)),
                analytics().hourly(new ScanFilter(TENANT_A, null, "poster", T0, END)));
    }

    @Test
    default void uniqueHumans_onePerAddressPerUtcDay_botsNotCounted() {
        long day = 86_400;
        analytics().append(List.of(scan(scanned(), 1, 10, IPHONE, PARIS, "203.0.113.1"),
                scan(scanned(), 2, 20, IPHONE, PARIS, "203.0.113.1"),
                scan(scanned(), 4, 30, IPHONE, PARIS, "203.0.113.2"),
                scan(scanned(), 5, 40, WHATSAPP, PARIS, "203.0.113.3")));
        analytics().append(List.of(scan(scanned(), 7, 50, IPHONE, PARIS, "203.0.113.1"), // same day again, later batch
                scan(scanned(), 8, day + 10, IPHONE, PARIS, "203.0.113.1"))); // next day

        assertEquals(3, analytics().uniqueHumans(all(scanned())));
        assertEquals(2, analytics().uniqueHumans(new ScanFilter(TENANT_A, scanned().id(), null, T0, T0.plusSeconds(day))));
        assertEquals(1, analytics().uniqueHumans(new ScanFilter(TENANT_A, scanned().id(), null, T0.plusSeconds(day), END)));
    }

    @Test
    default void totals_perCode_humansAndBotsApart_theTenantsOnly() {
        analytics().append(List.of(human(scanned(), 1, 10), scan(scanned(), 2, 20, WHATSAPP, PARIS, "203.0.113.2")));
        analytics().append(List.of(human(scanned(), 4, 30), human(sibling(), 5, 30), human(otherTenants(), 6, 30)));

        assertEquals(Map.of(scanned().id(), new Totals(2, 1), sibling().id(), new Totals(1, 0)),
                analytics().totals(TENANT_A, List.of(scanned().id(), sibling().id(), otherTenants().id(), "NEVERSCANNED")));
        assertEquals(Map.of(otherTenants().id(), new Totals(1, 0)), analytics().totals(TENANT_B, List.of(otherTenants().id(), scanned().id())));
        assertEquals(Map.of(), analytics().totals(TENANT_A, List.of()));
    }

    /** All time: scans of any hour, in any number of batches, counted at once (no rollup flush needed), and kept on reopen. */
    @Test
    default void totals_allTimeAcrossBatches_keptOnReopen() {
        analytics().append(List.of(human(scanned(), 1, 10), human(sibling(), 2, 10)));
        analytics().append(List.of(human(scanned(), 3, 86_400 * 2), scan(scanned(), 4, -86_400 * 400, WHATSAPP, PARIS, "203.0.113.4")));
        Map<String, Totals> expected = Map.of(scanned().id(), new Totals(2, 1), sibling().id(), new Totals(1, 0));

        assertEquals(expected, analytics().totals(TENANT_A, List.of(scanned().id(), sibling().id(), scanned().id())));
        assertEquals(Map.of(sibling().id(), new Totals(1, 0)), analytics().totals(TENANT_A, List.of(sibling().id())));
        assertEquals(expected, reopen().analytics().totals(TENANT_A, List.of(sibling().id(), scanned().id())));
    }

    @Test
    default void humans_acrossBatches_countsHumansOnly() {
        analytics().append(List.of(human(scanned(), 1, 10), scan(scanned(), 2, 20, WHATSAPP, PARIS, "203.0.113.2")));
        analytics().append(List.of(human(scanned(), 4, 30), human(sibling(), 5, 30)));

        assertEquals(2, analytics().humans(scanned().id()));
        assertEquals(1, analytics().humans(sibling().id()));
        assertEquals(0, analytics().humans("NEVERSCANNED"));
    }

    @Test
    default void purgeAddresses_forgetsOldAddressesOnly_keepsTheScans() {
        analytics().append(List.of(human(scanned(), 1, 10)));
        analytics().append(List.of(human(scanned(), 2, 5_000)));

        assertEquals(1, analytics().purgeAddresses(T0.plusSeconds(100)));

        List<Scan> scans = analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10);
        assertEquals(2, scans.size());
        assertNull(scans.get(0).ip());
        assertNotNull(scans.get(0).userAgent());
        assertEquals("203.0.113.2", scans.get(1).ip());
        assertEquals(0, analytics().purgeAddresses(T0.plusSeconds(100)));
    }

    @Test
    default void purgeScans_deletesOldRawScans_keepsRollupsAndTotals() {
        analytics().append(List.of(human(scanned(), 1, 10)));
        analytics().append(List.of(human(scanned(), 2, 5_000)));

        assertEquals(1, analytics().purgeScans(T0.plusSeconds(100)));

        assertEquals(1, analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10).size());
        assertEquals(2, analytics().humans(scanned().id()));
        assertEquals(2, analytics().hourly(all(scanned())).stream().mapToLong(HourCount::humans).sum());
    }

    @Test
    default void reopen_everythingSurvives() {
        Scan scan = human(scanned(), 1, 10);
        analytics().append(List.of(scan));

        Storage again = reopen();

        assertEquals(List.of(scan), again.analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10));
        assertEquals(1, again.analytics().humans(scanned().id()));
        assertEquals(1, again.analytics().uniqueHumans(all(scanned())));
        again.analytics().append(List.of(human(scanned(), 2, 20)));
        assertEquals(2, again.analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10).size());
    }

    private static ScanEvent event(Code code, int n, long seconds, String agent) {
        return new ScanEvent(new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0000L + n), code.id(), code.tenantId(),
                T0.plusSeconds(seconds), "203.0.113." + n, agent, n % 2 == 0 ? null : "https://news.example/a",
                n % 2 == 0 ? null : "de", n % 3 == 0 ? ScanSource.LINK : ScanSource.QR, n % 4 == 1, n % 5 == 1,
                n % 2 == 0 ? ScanEvent.Outcome.REDIRECTED : ScanEvent.Outcome.GONE, n % 2 == 0 ? null : "b", n % 3 == 2);
    }

    /** What the enricher would make of a kept event, for these tests: the event's fields, a fixed client and place. */
    private static Scan enriched(ScanEvent event, Client client) {
        return new Scan(event.id(), event.codeId(), event.at(), event.source(), event.outcome(), event.head(), event.prefetch(),
                event.variant(), event.ip(), event.ip().hashCode(), event.userAgent(), event.referrer(),
                event.referrer() == null ? null : "news.example", event.acceptLanguage(), client, PARIS);
    }

    @Test
    default void keepUnenriched_everyField_comesBackOldestFirst_andCountsNowhere() {
        List<ScanEvent> events = List.of(event(scanned(), 3, 30, "agent"), event(scanned(), 1, 10, null),
                event(otherTenants(), 2, 20, "other"));
        analytics().keepUnenriched(events);

        assertEquals(List.of(events.get(1), events.get(2), events.get(0)), analytics().unenriched(10));
        assertEquals(List.of(events.get(1)), analytics().unenriched(1));
        assertEquals(0, analytics().humans(scanned().id()));
        assertEquals(List.of(), analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10));
        assertEquals(3, reopen().analytics().unenriched(10).size(), "kept scans survive a restart");
    }

    @Test
    default void appendUnenriched_movesEachKeptScanOnce_intoEveryCount() {
        List<ScanEvent> events = List.of(event(scanned(), 1, 10, "a"), event(scanned(), 2, 20, "b"), event(scanned(), 4, 40, "c"));
        analytics().keepUnenriched(events);
        Scan first = enriched(events.get(0), IPHONE);
        Scan bot = enriched(events.get(1), WHATSAPP);

        assertEquals(List.of(first, bot), analytics().appendUnenriched(List.of(first, bot)));
        assertEquals(List.of(), analytics().appendUnenriched(List.of(first, bot)), "already moved: appended nothing");
        Scan never = enriched(event(scanned(), 9, 90, "never kept"), IPHONE);
        assertEquals(List.of(), analytics().appendUnenriched(List.of(never)), "never kept: appended nothing");

        assertEquals(List.of(events.get(2)), analytics().unenriched(10));
        assertEquals(List.of(first, bot), analytics().scans(TENANT_A, scanned().id(), T0, END, null, 10));
        assertEquals(1, analytics().humans(scanned().id()));
        assertEquals(new Totals(1, 1), analytics().totals(TENANT_A, List.of(scanned().id())).get(scanned().id()));
        assertEquals(1, analytics().hourly(all(scanned())).stream().mapToLong(HourCount::bots).sum());
    }
}
