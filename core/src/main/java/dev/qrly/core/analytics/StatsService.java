package dev.qrly.core.analytics;

import dev.qrly.core.DomainException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stats over the hourly rollups: totals, unique humans, a series bucketed by hour or by day in the
 * caller's time zone, and breakdowns by device, OS, browser, country, city, referrer, source and bot.
 *
 * <p>Buckets follow the zone's calendar: a day is a local day, 23 or 25 hours long when the clocks
 * change, and its {@code t} carries the offset in force when it starts. Rollups are by UTC hour, so
 * in a zone whose offset is not a whole number of hours (India, Nepal, parts of Australia) a scan
 * counts in the local hour or day in which its UTC hour starts.
 */
public final class StatsService {

    /** The series' bucket size. */
    public enum Interval {
        HOUR, DAY
    }

    /** The most buckets one answer may have. */
    public static final int MAX_BUCKETS = 5_000;
    /** Buckets when no {@code from} is given: the last 30 days, or the last 24 hours, the current one included. */
    public static final int DEFAULT_DAYS = 30;
    public static final int DEFAULT_HOURS = 24;

    private static final Dimension[] PER_CODE = {Dimension.DEVICE, Dimension.OS, Dimension.BROWSER, Dimension.COUNTRY,
            Dimension.CITY, Dimension.REFERRER, Dimension.SOURCE, Dimension.BOT};

    private final AnalyticsStore store;
    private final Clock clock;

    public StatsService(AnalyticsStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param codeId one code (the caller has checked it is the tenant's), or null for the whole tenant
     * @param tag tenant-wide only: codes with this tag, or null
     * @param from null: the start of the 30th day (or the 24th hour) before the one {@code to} falls in
     * @param to null: now
     * @throws DomainException (invalid) naming {@code from}, {@code to} or {@code interval} for a range
     *     that is empty or has more than {@link #MAX_BUCKETS} buckets
     */
    public Stats stats(String tenantId, String codeId, String tag, Instant from, Instant to, Interval interval, ZoneId zone) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : defaultFrom(end, interval, zone);
        if (!start.isBefore(end)) {
            throw DomainException.invalid(from != null ? "from" : "to", "from (" + start + ") must be before to (" + end + ")");
        }
        List<ZonedDateTime> starts = bucketStarts(start, end, interval, zone);
        ScanFilter filter = new ScanFilter(tenantId, codeId, codeId == null ? tag : null, start, end);

        long[] humans = new long[starts.size()];
        long[] bots = new long[starts.size()];
        Totals totals = count(store.hourly(filter), starts, humans, bots);
        List<Stats.Bucket> series = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            series.add(new Stats.Bucket(starts.get(i).toOffsetDateTime(), humans[i], bots[i]));
        }
        Map<Dimension, Map<String, Long>> breakdowns = new EnumMap<>(Dimension.class);
        for (Dimension dimension : PER_CODE) {
            breakdowns.put(dimension, sorted(store.breakdown(filter, dimension)));
        }
        if (codeId == null) {
            breakdowns.put(Dimension.CODE, sorted(store.breakdown(filter, Dimension.CODE)));
        }
        return new Stats(totals.humans() + totals.bots(), totals.humans(), totals.bots(), store.uniqueHumans(filter), series,
                breakdowns);
    }

    /** The most days {@link #activity} draws a trend over. */
    public static final int MAX_TREND_DAYS = 90;

    /**
     * What a list of codes shows of each: its all-time scans, today's, and human scans per day.
     *
     * @param total every scan since the code was made (the store's totals)
     * @param today scans since the start of the current day in the zone
     * @param trend human scans per local day, oldest first; the last is today
     */
    public record Activity(Totals total, Totals today, List<Long> trend) {}

    /**
     * The activity of a list of codes.
     *
     * @param trendStart the local date of each trend's first day; the last is today
     * @param codes by code id, in the order asked for
     */
    public record ActivityReport(LocalDate trendStart, Map<String, Activity> codes) {}

    /**
     * The activity of each code id given, over the last {@code days} local days in {@code zone}
     * (today included): a day counts the rollup hours that start in it (in a zone whose offset is
     * not whole hours, the UTC hour a local midnight falls in belongs to the day before). The caller
     * has checked that the codes are the tenant's live ones; the store counts nothing of another
     * tenant's code anyway.
     *
     * @throws DomainException ({@code days}) outside 1..{@link #MAX_TREND_DAYS}
     */
    public ActivityReport activity(String tenantId, List<String> codeIds, int days, ZoneId zone) {
        if (days < 1 || days > MAX_TREND_DAYS) {
            throw DomainException.invalid("days", "days must be 1 to " + MAX_TREND_DAYS + ", not " + days);
        }
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate first = today.minusDays(days - 1L);
        Instant start = first.atStartOfDay(zone).toInstant();
        Instant end = today.plusDays(1).atStartOfDay(zone).toInstant();
        List<ZonedDateTime> starts = bucketStarts(start, end, Interval.DAY, zone);
        // from the first whole UTC hour: the rollup hour that began before the local midnight is the day before's
        Instant from = ceilToHour(start);
        Map<String, Totals> totals = store.totals(tenantId, codeIds);
        Map<String, Activity> activity = new LinkedHashMap<>();
        for (String codeId : codeIds) {
            long[] humans = new long[starts.size()];
            long[] bots = new long[starts.size()];
            count(store.hourly(new ScanFilter(tenantId, codeId, null, from, end)), starts, humans, bots);
            int last = starts.size() - 1;
            activity.put(codeId, new Activity(totals.getOrDefault(codeId, Totals.NONE), new Totals(humans[last], bots[last]),
                    Arrays.stream(humans).boxed().toList()));
        }
        return new ActivityReport(first, activity);
    }

    private static Instant ceilToHour(Instant t) {
        Instant floor = t.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(t) ? t : floor.plus(1, ChronoUnit.HOURS);
    }

    /** Adds hourly counts (oldest first) into the buckets that start at {@code starts}; returns their sum. */
    private static Totals count(List<HourCount> hours, List<ZonedDateTime> starts, long[] humans, long[] bots) {
        long totalHumans = 0;
        long totalBots = 0;
        int bucket = 0;
        for (HourCount hour : hours) {
            Instant at = Instant.ofEpochSecond(hour.hour() * 3600);
            while (bucket + 1 < starts.size() && !at.isBefore(starts.get(bucket + 1).toInstant())) {
                bucket++;
            }
            humans[bucket] += hour.humans();
            bots[bucket] += hour.bots();
            totalHumans += hour.humans();
            totalBots += hour.bots();
        }
        return new Totals(totalHumans, totalBots);
    }

    static Instant defaultFrom(Instant to, Interval interval, ZoneId zone) {
        ZonedDateTime last = to.minusNanos(1).atZone(zone);
        return interval == Interval.HOUR
                ? last.truncatedTo(ChronoUnit.HOURS).minusHours(DEFAULT_HOURS - 1).toInstant()
                : last.toLocalDate().minusDays(DEFAULT_DAYS - 1).atStartOfDay(zone).toInstant();
    }

    /**
     * The start of every bucket that overlaps {@code [from, to)}, in the zone: the first is the
     * start of the hour or local day {@code from} falls in.
     */
    static List<ZonedDateTime> bucketStarts(Instant from, Instant to, Interval interval, ZoneId zone) {
        ZonedDateTime first = interval == Interval.HOUR
                ? from.atZone(zone).truncatedTo(ChronoUnit.HOURS)
                : from.atZone(zone).toLocalDate().atStartOfDay(zone);
        List<ZonedDateTime> starts = new ArrayList<>();
        for (ZonedDateTime t = first; t.toInstant().isBefore(to); t = next(t, interval, zone)) {
            if (starts.size() == MAX_BUCKETS) {
                throw DomainException.invalid("interval", "the range from " + from + " to " + to + " has more than " + MAX_BUCKETS
                        + " " + (interval == Interval.HOUR ? "hours" : "days") + "; ask for a shorter range or a longer interval");
            }
            starts.add(t);
        }
        return starts;
    }

    private static ZonedDateTime next(ZonedDateTime t, Interval interval, ZoneId zone) {
        // hours on the time line, so the repeated hour of an autumn night is two buckets; days on the calendar
        return interval == Interval.HOUR ? t.plusHours(1) : t.toLocalDate().plusDays(1).atStartOfDay(zone);
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
