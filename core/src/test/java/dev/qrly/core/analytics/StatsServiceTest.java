package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrly.core.DomainException;
import dev.qrly.core.analytics.StatsService.Interval;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsServiceTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private static List<String> starts(String from, String to, Interval interval, ZoneId zone) {
        return StatsService.bucketStarts(Instant.parse(from), Instant.parse(to), interval, zone).stream()
                .map(t -> t.toOffsetDateTime().toString()).toList();
    }

    @Test
    void days_inParis_startAtLocalMidnight_withTheOffsetOfTheDay() {
        assertEquals(List.of("2026-10-24T00:00+02:00", "2026-10-25T00:00+02:00", "2026-10-26T00:00+01:00"),
                starts("2026-10-23T22:00:00Z", "2026-10-26T23:00:00Z", Interval.DAY, PARIS));
    }

    @Test
    void hours_autumnNight_hasTheRepeatedHourTwice_springNight_skipsOne() {
        List<ZonedDateTime> autumn = StatsService.bucketStarts(Instant.parse("2026-10-24T22:00:00Z"),
                Instant.parse("2026-10-25T23:00:00Z"), Interval.HOUR, PARIS);
        assertEquals(25, autumn.size());
        List<ZonedDateTime> spring = StatsService.bucketStarts(Instant.parse("2026-03-28T23:00:00Z"),
                Instant.parse("2026-03-29T22:00:00Z"), Interval.HOUR, PARIS);
        assertEquals(23, spring.size());
        assertEquals("2026-03-29T03:00+02:00", spring.get(2).toOffsetDateTime().toString());
    }

    @Test
    void firstBucket_startsWhereFromFalls_notAtFrom() {
        assertEquals(List.of("2026-11-22T10:00Z", "2026-11-22T11:00Z"),
                starts("2026-11-22T10:20:00Z", "2026-11-22T11:05:00Z", Interval.HOUR, ZoneOffset.UTC));
    }

    @Test
    void halfHourZone_hoursStartOnTheLocalHour() {
        assertEquals(List.of("2026-11-22T05:00+05:30", "2026-11-22T06:00+05:30"),
                starts("2026-11-21T23:45:00Z", "2026-11-22T01:00:00Z", Interval.HOUR, KOLKATA));
    }

    @Test
    void tooManyBuckets_isRefusedNamingTheInterval() {
        DomainException e = assertThrows(DomainException.class,
                () -> StatsService.bucketStarts(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"),
                        Interval.HOUR, ZoneOffset.UTC));
        assertEquals("interval", e.field());
    }

    @Test
    void defaultFrom_isThirtyLocalDaysOrTwentyFourHours_includingTheCurrentOne() {
        Instant now = Instant.parse("2026-11-22T10:20:00Z");
        assertEquals(Instant.parse("2026-10-23T22:00:00Z"), StatsService.defaultFrom(now, Interval.DAY, PARIS));
        assertEquals(Instant.parse("2026-11-21T11:00:00Z"), StatsService.defaultFrom(now, Interval.HOUR, ZoneOffset.UTC));
        assertEquals(30, StatsService.bucketStarts(StatsService.defaultFrom(now, Interval.DAY, PARIS), now, Interval.DAY, PARIS).size());
    }

    /** The series sums hourly counts into their local buckets; totals add up; breakdowns come sorted. */
    @Test
    void stats_bucketsHourlyCountsByLocalDay() {
        long h = Instant.parse("2026-11-22T22:00:00Z").getEpochSecond() / 3600; // 23:00 in Paris
        AnalyticsStore store = new InMemoryCounts(List.of(new HourCount(h, 2, 1), new HourCount(h + 1, 3, 0)),
                Map.of("mobile", 1L, "desktop", 4L));
        StatsService service = new StatsService(store, Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));

        Stats stats = service.stats("t", "CODE", null, Instant.parse("2026-11-21T23:00:00Z"), Instant.parse("2026-11-23T23:00:00Z"),
                Interval.DAY, PARIS);

        assertEquals(List.of(2L, 3L), stats.series().stream().map(Stats.Bucket::humans).toList(), "23:00 on the 22nd, midnight on the 23rd");
        assertEquals(List.of(1L, 0L), stats.series().stream().map(Stats.Bucket::bots).toList());
        assertEquals(6, stats.total());
        assertEquals(List.of("desktop", "mobile"), List.copyOf(stats.breakdowns().get(Dimension.DEVICE).keySet()));
        assertEquals(false, stats.breakdowns().containsKey(Dimension.CODE), "byCode is tenant-wide only");
    }

    @Test
    void stats_fromNotBeforeTo_isRefusedNamingFrom() {
        StatsService service = new StatsService(new InMemoryCounts(List.of(), Map.of()), Clock.systemUTC());
        DomainException e = assertThrows(DomainException.class, () -> service.stats("t", null, null,
                Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-21T00:00:00Z"), Interval.DAY, ZoneOffset.UTC));
        assertEquals("from", e.field());
    }

    private static long hourOf(String instant) {
        return Instant.parse(instant).getEpochSecond() / 3600;
    }

    private static StatsService at(String now, AnalyticsStore store) {
        return new StatsService(store, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    /** The hours given for code {@code CODE} of tenant {@code t}, nothing for any other code or tenant. */
    private static AnalyticsStore codeWith(Totals total, HourCount... hours) {
        return new InMemoryCounts(List.of(hours), Map.of()) {
            @Override
            public Map<String, Totals> totals(String tenantId, Collection<String> codeIds) {
                return "t".equals(tenantId) && codeIds.contains("CODE") ? Map.of("CODE", total) : Map.of();
            }

            @Override
            public List<HourCount> hourly(ScanFilter filter) {
                return "t".equals(filter.tenantId()) && "CODE".equals(filter.codeId()) ? super.hourly(filter) : List.of();
            }
        };
    }

    /** The list's activity: local days in the caller's zone, today last, across a change of clocks; totals from the store. */
    @Test
    void activity_trendByLocalDay_todayLast_totalsAllTime() {
        AnalyticsStore store = codeWith(new Totals(40, 9),
                new HourCount(hourOf("2026-10-23T21:00:00Z"), 8, 0), // 23:00 in Paris on the 23rd: before the range
                new HourCount(hourOf("2026-10-24T21:00:00Z"), 1, 0), // 23:00 in Paris, the 24th
                new HourCount(hourOf("2026-10-24T22:00:00Z"), 2, 1), // 00:00 on the 25th
                new HourCount(hourOf("2026-10-26T08:00:00Z"), 4, 3)); // the 26th, after the clocks went back
        StatsService service = at("2026-10-26T12:00:00Z", store);

        StatsService.ActivityReport report = service.activity("t", List.of("CODE", "QUIET"), 3, PARIS);

        assertEquals(LocalDate.parse("2026-10-24"), report.trendStart());
        assertEquals(List.of("CODE", "QUIET"), List.copyOf(report.codes().keySet()));
        StatsService.Activity code = report.codes().get("CODE");
        assertEquals(List.of(1L, 2L, 4L), code.trend(), "the 24th, the 25th (25 hours long), today the 26th");
        assertEquals(new Totals(4, 3), code.today());
        assertEquals(new Totals(40, 9), code.total());
        assertEquals(new StatsService.Activity(Totals.NONE, Totals.NONE, List.of(0L, 0L, 0L)), report.codes().get("QUIET"));
    }

    /** The same scans on other days in another zone: in New York it is 08:00 on the 26th. */
    @Test
    void activity_otherZone_otherLocalDays() {
        AnalyticsStore store = codeWith(Totals.NONE,
                new HourCount(hourOf("2026-10-24T21:00:00Z"), 1, 0), // 17:00 on the 24th in New York: out of a 2-day range
                new HourCount(hourOf("2026-10-25T03:00:00Z"), 2, 0), // 23:00 on the 24th there
                new HourCount(hourOf("2026-10-25T04:00:00Z"), 5, 0), // 00:00 on the 25th
                new HourCount(hourOf("2026-10-26T08:00:00Z"), 4, 3)); // 04:00 on the 26th
        StatsService service = at("2026-10-26T12:00:00Z", store);

        StatsService.ActivityReport report = service.activity("t", List.of("CODE"), 2, ZoneId.of("America/New_York"));

        assertEquals(LocalDate.parse("2026-10-25"), report.trendStart());
        assertEquals(List.of(5L, 4L), report.codes().get("CODE").trend());
        assertEquals(List.of(1L, 7L, 4L), service.activity("t", List.of("CODE"), 3, ZoneOffset.UTC).codes().get("CODE").trend(),
                "the same hours by UTC day");
    }

    /** The night the clocks go forward the day has 23 hours; its last hour is 23:00 CEST, 21:00 UTC. */
    @Test
    void activity_springForwardDay_has23Hours() {
        AnalyticsStore store = codeWith(Totals.NONE,
                new HourCount(hourOf("2026-03-28T22:00:00Z"), 1, 0), // 23:00 CET on the 28th
                new HourCount(hourOf("2026-03-28T23:00:00Z"), 2, 0), // 00:00 CET on the 29th
                new HourCount(hourOf("2026-03-29T21:00:00Z"), 4, 0), // 23:00 CEST on the 29th
                new HourCount(hourOf("2026-03-29T22:00:00Z"), 8, 1)); // 00:00 CEST on the 30th
        StatsService service = at("2026-03-30T09:00:00Z", store);

        StatsService.Activity code = service.activity("t", List.of("CODE"), 3, PARIS).codes().get("CODE");

        assertEquals(List.of(1L, 6L, 8L), code.trend());
        assertEquals(new Totals(8, 1), code.today());
    }

    /** Just after local midnight, today is the new day, with only its first hour. */
    @Test
    void activity_justAfterLocalMidnight_todayIsTheNewDay() {
        AnalyticsStore store = codeWith(Totals.NONE,
                new HourCount(hourOf("2026-10-26T22:00:00Z"), 3, 2), // 23:00 on the 26th in Paris
                new HourCount(hourOf("2026-10-26T23:00:00Z"), 1, 1)); // 00:00 on the 27th
        StatsService service = at("2026-10-26T23:30:00Z", store);

        StatsService.ActivityReport report = service.activity("t", List.of("CODE"), 2, PARIS);

        assertEquals(LocalDate.parse("2026-10-26"), report.trendStart());
        assertEquals(List.of(3L, 1L), report.codes().get("CODE").trend());
        assertEquals(new Totals(1, 1), report.codes().get("CODE").today());
        assertEquals(new Totals(3, 2), at("2026-10-26T22:59:59Z", store).activity("t", List.of("CODE"), 2, PARIS).codes().get("CODE")
                .today(), "a second before midnight it is still the 26th");
    }

    /** In Kolkata (UTC+05:30) a rollup hour counts in the local day in which it starts. */
    @Test
    void activity_halfHourZone_hourCountsInTheDayItStarts() {
        AnalyticsStore store = codeWith(Totals.NONE,
                new HourCount(hourOf("2026-11-21T18:00:00Z"), 1, 0), // 23:30 on the 21st
                new HourCount(hourOf("2026-11-21T19:00:00Z"), 2, 0), // 00:30 on the 22nd
                new HourCount(hourOf("2026-11-22T18:00:00Z"), 4, 0), // 23:30 on the 22nd
                new HourCount(hourOf("2026-11-22T19:00:00Z"), 8, 0)); // 00:30 on the 23rd, tomorrow
        StatsService service = at("2026-11-22T10:00:00Z", store);

        assertEquals(List.of(6L), service.activity("t", List.of("CODE"), 1, KOLKATA).codes().get("CODE").trend());
        assertEquals(List.of(1L, 6L), service.activity("t", List.of("CODE"), 2, KOLKATA).codes().get("CODE").trend());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 14, 90})
    void activity_trendHasOneEntryADay_endingToday(int days) {
        AnalyticsStore store = codeWith(Totals.NONE, new HourCount(hourOf("2026-11-22T09:00:00Z"), 7, 0));
        StatsService service = at("2026-11-22T10:00:00Z", store);

        StatsService.ActivityReport report = service.activity("t", List.of("CODE"), days, PARIS);

        List<Long> trend = report.codes().get("CODE").trend();
        assertEquals(days, trend.size());
        assertEquals(7L, trend.get(days - 1));
        assertEquals(7L, trend.stream().mapToLong(Long::longValue).sum());
        assertEquals(LocalDate.parse("2026-11-22").minusDays(days - 1L), report.trendStart());
    }

    @Test
    void activity_otherTenant_countsNothing() {
        AnalyticsStore store = codeWith(new Totals(5, 5), new HourCount(hourOf("2026-11-22T09:00:00Z"), 7, 0));

        StatsService.Activity code = at("2026-11-22T10:00:00Z", store).activity("u", List.of("CODE"), 2, PARIS).codes().get("CODE");

        assertEquals(new StatsService.Activity(Totals.NONE, Totals.NONE, List.of(0L, 0L)), code);
    }

    @Test
    void activity_daysOutOfRange_isRefusedNamingDays() {
        StatsService service = new StatsService(new InMemoryCounts(List.of(), Map.of()), Clock.systemUTC());
        assertEquals("days", assertThrows(DomainException.class, () -> service.activity("t", List.of("A"), 0, PARIS)).field());
        assertEquals("days", assertThrows(DomainException.class, () -> service.activity("t", List.of("A"), 91, PARIS)).field());
    }

    /** Fixed hourly counts and one breakdown: what the bucketing is tested against (the stores have their own contract). */
    private static class InMemoryCounts extends NoScans {
        private final List<HourCount> hours;
        private final Map<String, Long> devices;

        InMemoryCounts(List<HourCount> hours, Map<String, Long> devices) {
            this.hours = hours;
            this.devices = devices;
        }

        @Override
        public List<HourCount> hourly(ScanFilter filter) {
            return hours.stream().filter(h -> h.hour() >= filter.fromHour() && h.hour() < filter.toHour()).toList();
        }

        @Override
        public Map<String, Long> breakdown(ScanFilter filter, Dimension dimension) {
            return dimension == Dimension.DEVICE ? devices : Map.of();
        }
    }
}
