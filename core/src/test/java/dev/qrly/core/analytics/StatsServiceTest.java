package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qrly.core.DomainException;
import dev.qrly.core.analytics.StatsService.Interval;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    /** The list's activity: local days in the caller's zone, today last, across a change of clocks; totals from the store. */
    @Test
    void activity_trendByLocalDay_todayLast_totalsAllTime() {
        long lateOn24th = Instant.parse("2026-10-24T21:30:00Z").getEpochSecond() / 3600; // 23:30 in Paris, the 24th
        long after25thMidnight = Instant.parse("2026-10-24T22:00:00Z").getEpochSecond() / 3600; // 00:00 on the 25th
        long morning26th = Instant.parse("2026-10-26T08:00:00Z").getEpochSecond() / 3600; // after clocks went back
        AnalyticsStore store = new InMemoryCounts(List.of(new HourCount(lateOn24th, 1, 0), new HourCount(after25thMidnight, 2, 1),
                new HourCount(morning26th, 4, 3)), Map.of()) {
            @Override
            public Map<String, Totals> totals(String tenantId, java.util.Collection<String> codeIds) {
                return Map.of("CODE", new Totals(40, 9));
            }

            @Override
            public List<HourCount> hourly(ScanFilter filter) {
                return "CODE".equals(filter.codeId()) ? super.hourly(filter) : List.of();
            }
        };
        StatsService service = new StatsService(store, Clock.fixed(Instant.parse("2026-10-26T12:00:00Z"), ZoneOffset.UTC));

        Map<String, StatsService.Activity> activity = service.activity("t", List.of("CODE", "QUIET"), 3, PARIS);

        assertEquals(List.of("CODE", "QUIET"), List.copyOf(activity.keySet()));
        StatsService.Activity code = activity.get("CODE");
        assertEquals(List.of(1L, 2L, 4L), code.trend(), "the 24th, the 25th (25 hours long), today the 26th");
        assertEquals(new Totals(4, 3), code.today());
        assertEquals(new Totals(40, 9), code.total());
        assertEquals(new StatsService.Activity(Totals.NONE, Totals.NONE, List.of(0L, 0L, 0L)), activity.get("QUIET"));
        // in New York it is 08:00 on the 26th: the Paris evening of the 24th is the 24th's afternoon there, out of range
        assertEquals(List.of(0L, 4L), service.activity("t", List.of("CODE"), 2, ZoneId.of("America/New_York")).get("CODE").trend());
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
