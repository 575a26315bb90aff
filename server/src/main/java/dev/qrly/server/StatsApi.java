package dev.qrly.server;

import dev.qrly.core.analytics.Dimension;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.analytics.ScanCursor;
import dev.qrly.core.analytics.Stats;
import dev.qrly.core.analytics.StatsService;
import dev.qrly.core.analytics.Totals;
import dev.qrly.core.code.Code;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.tenant.Principal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Analytics: {@code /api/v1/codes/{id}/stats}, {@code /api/v1/stats} (tenant-wide, optionally by
 * tag), {@code /api/v1/stats/activity} (the list's figures for many codes at once) and
 * {@code /api/v1/codes/{id}/scans} (raw scans as CSV or JSON, streamed; never an address).
 */
final class StatsApi {

    /** Bucket times always with seconds, as RFC 3339 asks ({@code toString} drops ":00"). */
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private static final ZoneId UTC = ZoneId.of("UTC");

    /** Raw scans read from the store per round trip of an export. */
    static final int EXPORT_PAGE = 2_000;

    private static final Map<Dimension, String> FIELDS = Map.of(Dimension.DEVICE, "byDevice", Dimension.OS, "byOs",
            Dimension.BROWSER, "byBrowser", Dimension.COUNTRY, "byCountry", Dimension.CITY, "byCity", Dimension.REFERRER, "byReferrer",
            Dimension.BOT, "byBot", Dimension.SOURCE, "bySource", Dimension.CODE, "byCode");
    private static final List<String> CSV_COLUMNS = List.of("id", "time", "source", "device", "os", "browser", "country", "city",
            "referrer", "language", "bot", "botName", "outcome");

    private final Api api;
    private final Services services;

    StatsApi(Api api, Services services) {
        this.api = api;
        this.services = services;
    }

    void mount(Router router) {
        // first, so that no route with a path parameter added under /api/v1/stats later takes it
        router.get("/api/v1/stats/activity").handler(this::activity);
        router.get("/api/v1/codes/:id/stats").handler(this::codeStats);
        router.get("/api/v1/stats").handler(this::tenantStats);
        router.get("/api/v1/codes/:id/scans").handler(this::scans);
    }

    private void codeStats(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            Code code = services.codes().get(caller, ctx.pathParam("id"));
            return Api.Reply.json(200, stats(ctx, caller, code.id(), null));
        });
    }

    private void tenantStats(RoutingContext ctx) {
        api.authed(ctx, caller -> Api.Reply.json(200, stats(ctx, caller, null, Params.string(ctx, "tag"))));
    }

    /** The most codes one activity request may name: a page of the list and then some. */
    static final int MAX_ACTIVITY_CODES = 200;
    /** Longer than any code id; what is longer is no id of ours. */
    private static final int MAX_ID_LENGTH = 64;

    /**
     * Each listed code's all-time scans, today's and its human scans per local day: what the
     * dashboard's list shows. Ids that are not the caller's live codes are left out of the answer.
     */
    private void activity(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            List<String> ids = ids(Params.string(ctx, "ids"));
            int days = Params.integer(ctx, "days", 14, 1, StatsService.MAX_TREND_DAYS);
            ZoneId zone = zone(Params.string(ctx, "tz"));
            StatsService.ActivityReport report = services.stats().activity(caller.tenantId(), services.codes().liveIds(caller, ids),
                    days, zone);
            JsonObject codes = new JsonObject();
            report.codes().forEach((id, activity) -> codes.put(id, new JsonObject()
                    .put("total", totals(activity.total()))
                    .put("today", totals(activity.today()))
                    .put("trend", new JsonArray(activity.trend()))));
            return Api.Reply.json(200, new JsonObject().put("codes", codes).put("days", days).put("tz", zone.getId())
                    .put("trendStart", report.trendStart().toString()));
        });
    }

    /** The {@code ids} parameter: 1 to {@link #MAX_ACTIVITY_CODES} code ids separated by commas. */
    static List<String> ids(String text) {
        if (text == null || text.isBlank()) {
            throw HttpError.invalid("ids", "ids is required: 1 to " + MAX_ACTIVITY_CODES + " code ids separated by commas");
        }
        String[] given = text.split(",", -1);
        if (given.length > MAX_ACTIVITY_CODES) {
            throw HttpError.invalid("ids", "ids names " + given.length + " codes; at most " + MAX_ACTIVITY_CODES + " at a time");
        }
        List<String> ids = new ArrayList<>(given.length);
        for (String id : given) {
            String trimmed = id.strip();
            if (trimmed.isEmpty() || trimmed.length() > MAX_ID_LENGTH) {
                throw HttpError.invalid("ids", "ids must be code ids separated by commas, none empty or longer than "
                        + MAX_ID_LENGTH + " characters");
            }
            ids.add(trimmed);
        }
        return ids;
    }

    private static JsonObject totals(Totals totals) {
        return new JsonObject().put("humans", totals.humans()).put("bots", totals.bots());
    }

    private JsonObject stats(RoutingContext ctx, Principal caller, String codeId, String tag) {
        ZoneId zone = zone(Params.string(ctx, "tz"));
        StatsService.Interval interval = interval(Params.string(ctx, "interval"));
        Instant from = time(ctx, "from", zone);
        Instant to = time(ctx, "to", zone);
        Stats stats = services.stats().stats(caller.tenantId(), codeId, tag, from, to, interval, zone);
        JsonObject out = new JsonObject().put("total", stats.total()).put("humans", stats.humans()).put("bots", stats.bots())
                .put("uniqueHumans", stats.uniqueHumans());
        JsonArray series = new JsonArray();
        for (Stats.Bucket bucket : stats.series()) {
            series.add(new JsonObject().put("t", RFC_3339.format(bucket.t())).put("humans", bucket.humans()).put("bots", bucket.bots()));
        }
        out.put("series", series);
        for (Map.Entry<Dimension, Map<String, Long>> breakdown : stats.breakdowns().entrySet()) {
            JsonObject counts = new JsonObject();
            breakdown.getValue().forEach(counts::put);
            out.put(FIELDS.get(breakdown.getKey()), counts);
        }
        out.put("interval", interval.name().toLowerCase(Locale.ROOT)).put("tz", zone.getId());
        if (!stats.series().isEmpty()) {
            out.put("from", RFC_3339.format(stats.series().get(0).t()));
        }
        return out;
    }

    /** An IANA zone such as {@code Europe/Paris}, or an offset; UTC (named so in answers) when absent. */
    static ZoneId zone(String text) {
        if (text == null || text.isEmpty()) {
            return UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw HttpError.invalid("tz", "tz must be a time zone such as Europe/Paris or UTC, not '" + text + "'");
        }
    }

    static StatsService.Interval interval(String text) {
        if (text == null || text.isEmpty() || text.equals("day")) {
            return StatsService.Interval.DAY;
        }
        if (text.equals("hour")) {
            return StatsService.Interval.HOUR;
        }
        throw HttpError.invalid("interval", "interval must be hour or day, not '" + text + "'");
    }

    /** A date-time with offset, or a date (its start in the zone); null when absent. */
    static Instant time(RoutingContext ctx, String name, ZoneId zone) {
        String text = Params.string(ctx, name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return Params.inRange(name, LocalDate.parse(text).atStartOfDay(zone).toInstant());
            }
            return Params.inRange(name, OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw HttpError.invalid(name, name + " must be a date such as 2026-11-01 or a date-time with offset such as "
                    + "2026-11-01T00:00:00Z, not '" + text + "'");
        }
    }

    /**
     * Streams the raw scans page by page from a worker thread, waiting for the client to take each
     * page before reading the next: an export of millions of scans holds one page in memory.
     */
    private void scans(RoutingContext ctx) {
        api.authedUncharged(ctx, caller -> {
            api.charge(caller);
            Code code = services.codes().get(caller, ctx.pathParam("id"));
            String format = Params.string(ctx, "format");
            boolean csv;
            if (format == null || format.isEmpty() || format.equals("json")) {
                csv = false;
            } else if (format.equals("csv")) {
                csv = true;
            } else {
                throw HttpError.invalid("format", "format must be csv or json, not '" + format + "'");
            }
            Instant to = time(ctx, "to", ZoneOffset.UTC);
            Instant end = to != null ? to : services.clock().instant().plusMillis(1);
            Instant from = time(ctx, "from", ZoneOffset.UTC);
            Instant start = from != null ? from : Instant.EPOCH;
            if (!start.isBefore(end)) {
                throw HttpError.invalid("from", "from (" + start + ") must be before to (" + end + ")");
            }
            stream(ctx, caller, code, start, end, csv);
            return null; // answered by stream
        });
    }

    private void stream(RoutingContext ctx, Principal caller, Code code, Instant from, Instant to, boolean csv) throws InterruptedException {
        HttpServerResponse response = ctx.response();
        String name = "scans-" + code.id() + (csv ? ".csv" : ".json");
        response.setChunked(true).setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/json")
                .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        StringBuilder chunk = new StringBuilder(csv ? String.join(",", CSV_COLUMNS) + "\r\n" : "[");
        ScanCursor cursor = null;
        boolean first = true;
        while (true) {
            List<Scan> page = services.storage().analytics().scans(caller.tenantId(), code.id(), from, to, cursor, EXPORT_PAGE);
            for (Scan scan : page) {
                if (csv) {
                    csvRow(chunk, scan);
                } else {
                    chunk.append(first ? "\n" : ",\n").append(json(scan).encode());
                }
                first = false;
            }
            if (page.size() < EXPORT_PAGE) {
                break;
            }
            Scan last = page.get(page.size() - 1);
            cursor = new ScanCursor(last.at(), last.id());
            if (!write(response, chunk)) {
                return; // the client went away
            }
        }
        if (!csv) {
            chunk.append(first ? "]\n" : "\n]\n");
        }
        response.end(chunk.toString());
    }

    /** Writes a chunk and waits until the connection can take more; false when the client has gone. */
    private boolean write(HttpServerResponse response, StringBuilder chunk) throws InterruptedException {
        if (response.closed()) {
            return false;
        }
        response.write(chunk.toString());
        chunk.setLength(0);
        if (response.writeQueueFull()) {
            CountDownLatch drained = new CountDownLatch(1);
            response.drainHandler(v -> drained.countDown());
            response.closeHandler(v -> drained.countDown());
            while (!drained.await(1, TimeUnit.SECONDS)) {
                if (response.closed()) {
                    return false;
                }
                if (!response.writeQueueFull()) {
                    break;
                }
            }
        }
        return !response.closed();
    }

    static JsonObject json(Scan scan) {
        return new JsonObject().put("id", scan.id().toString()).put("time", scan.at().toString())
                .put("source", scan.source().key()).put("device", scan.client().device().key())
                .put("os", scan.client().os()).put("browser", scan.client().browser()).put("country", scan.place().country())
                .put("city", scan.place().city()).put("referrer", scan.referrerHost()).put("language", scan.acceptLanguage())
                .put("bot", scan.bot()).put("botName", scan.client().botName())
                .put("outcome", outcome(scan));
    }

    private static String outcome(Scan scan) {
        return scan.outcome() == ScanEvent.Outcome.GONE ? "gone" : "redirected";
    }

    private static void csvRow(StringBuilder out, Scan scan) {
        out.append(scan.id()).append(',').append(scan.at()).append(',').append(scan.source().key())
                .append(',').append(scan.client().device().key()).append(',');
        csvField(out, scan.client().os()).append(',');
        csvField(out, scan.client().browser()).append(',');
        csvField(out, scan.place().country()).append(',');
        csvField(out, scan.place().city()).append(',');
        csvField(out, scan.referrerHost()).append(',');
        csvField(out, scan.acceptLanguage()).append(',');
        out.append(scan.bot()).append(',');
        csvField(out, scan.client().botName()).append(',');
        out.append(outcome(scan)).append("\r\n");
    }

    /**
     * A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A value that a
     * spreadsheet would run as a formula ({@code = + - @}, tab, CR) gets a leading {@code '}.
     */
    static StringBuilder csvField(StringBuilder out, String value) {
        if (value == null || value.isEmpty()) {
            return out;
        }
        String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        if (!quote) {
            return out.append(text);
        }
        return out.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
}
