package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.analytics.TestGeoDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans over HTTP, through the real user-agent parser and geo database, into the stats API: the
 * numbers a code's owner sees. One service for the class (the parser takes seconds to load); each
 * test makes its own codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsIT {

    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.5 Mobile/15E148 Safari/604.1";
    static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.6478.122 Mobile Safari/537.36";
    static final String WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
    static final String WHATSAPP = "WhatsApp/2.23.20.0";
    static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

    @TempDir
    static Path dir;
    TestService service;

    @BeforeAll
    void start() {
        Map<String, String> env = new HashMap<>(Map.of("QR_TRUSTED_PROXIES", "127.0.0.1/32", "QR_FLUSH_MS", "100",
                "QR_RATE_LIMIT_IP", "100000/100000"));
        env.put("QR_GEOIP_DB", TestGeoDatabases.dbipCity().toString());
        service = new TestService(dir, env);
        // the user-agent parser loads in the background; scans wait for it in the queue
        poll(() -> service.get("/metrics", null).body(), body -> body.contains("qrly_enrichment_ready 1.000000"), 60_000);
    }

    @AfterAll
    void stop() {
        service.close();
    }

    private String newCode(String key, JsonObject extra) {
        return service.createCode(key, new JsonObject().put("destination", "https://example.com/menu").mergeIn(extra)).getString("id");
    }

    private TestService.Reply scan(String path, String userAgent, String ip, Map<String, String> more) {
        Map<String, String> headers = new HashMap<>(more);
        if (userAgent != null) {
            headers.put("User-Agent", userAgent);
        }
        headers.put("X-Forwarded-For", ip);
        return service.send("GET", path, null, null, null, headers);
    }

    /** Polls until the predicate holds, returning the last value; fails after {@code millis}. */
    static <T> T poll(java.util.function.Supplier<T> read, Predicate<T> done, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not there after " + millis + " ms: " + value);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = read.get();
        }
        return value;
    }

    private JsonObject stats(String path, long total) {
        return poll(() -> service.get(path, service.adminKey).json(), s -> s.getLong("total", -1L) >= total, 1_000);
    }

    @Test
    void scans_withDifferentClients_showInTheStatsWithinASecond() {
        String id = newCode(service.adminKey, new JsonObject());
        assertEquals(302, scan("/R/" + id, IPHONE, "8.8.8.8", Map.of()).status());
        assertEquals(302, scan("/R/" + id, IPHONE, "8.8.8.8", Map.of()).status()); // same person again: not a new unique
        assertEquals(302, scan("/r/" + id, ANDROID, "81.2.69.142", Map.of("Referer", "https://www.instagram.com/p/1"))
                .status());
        assertEquals(302, scan("/r/" + id, WINDOWS, "10.1.2.3", Map.of("Referer", "https://news.example.org/story")).status());
        assertEquals(302, scan("/r/" + id, WHATSAPP, "157.240.1.1", Map.of()).status());
        assertEquals(302, scan("/r/" + id, SLACK, "3.3.3.3", Map.of()).status());
        assertEquals(302, scan("/r/" + id, null, "4.4.4.4", Map.of()).status()); // the JDK client's own agent: a script
        assertEquals(302, service.send("HEAD", "/R/" + id, null, null, null, Map.of("User-Agent", IPHONE, "X-Forwarded-For",
                "8.8.4.4")).status());
        service.clock.advance(Duration.ofMinutes(1)); // "to" defaults to now; the scans are in the past

        JsonObject stats = stats("/api/v1/codes/" + id + "/stats", 8);

        assertEquals(8, stats.getLong("total"));
        assertEquals(4, stats.getLong("humans"));
        assertEquals(4, stats.getLong("bots"));
        assertEquals(3, stats.getLong("uniqueHumans"));
        assertEquals(new JsonObject().put("mobile", 3L).put("desktop", 1L), stats.getJsonObject("byDevice"));
        assertEquals(2, stats.getJsonObject("byOs").getLong("iOS"));
        assertEquals(1, stats.getJsonObject("byOs").getLong("Android"));
        assertEquals(new JsonObject().put("qr", 2L).put("link", 2L), stats.getJsonObject("bySource"));
        assertEquals(2, stats.getJsonObject("byCountry").getLong("US"));
        assertEquals(1, stats.getJsonObject("byCountry").getLong("GB"));
        assertEquals(1, stats.getJsonObject("byCountry").getLong("unknown"), "a private address has no country");
        assertEquals(new JsonObject().put("direct", 2L).put("instagram.com", 1L).put("news.example.org", 1L),
                stats.getJsonObject("byReferrer"));
        JsonObject bots = stats.getJsonObject("byBot");
        assertEquals(1, bots.getLong("WhatsApp"), bots.encode());
        assertEquals(1, bots.getLong("Slack"), bots.encode());
        assertEquals(1, bots.getLong("Java"), bots.encode());
        assertEquals(1, bots.getLong("HEAD request"), bots.encode());
        JsonArray series = stats.getJsonArray("series");
        assertEquals(30, series.size(), "30 days by default, one bucket a day, today's last");
        assertEquals(4, series.getJsonObject(29).getLong("humans"));
        assertEquals(4, series.getJsonObject(29).getLong("bots"));
        assertEquals(4, humans(stats).stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void dayBuckets_inTheCallersZone_holdTheirLocalScans() {
        String id = newCode(service.adminKey, new JsonObject());
        // the test clock stands at 10:00Z on 2026-11-22; Paris is UTC+1 in November
        service.clock.advance(Duration.ofHours(12).plusMinutes(30)); // 23:30 in Paris, 22:30Z
        scan("/r/" + id, IPHONE, "8.8.8.8", Map.of());
        service.clock.advance(Duration.ofHours(1)); // 00:30 on the 23rd in Paris, still the 22nd in UTC
        scan("/r/" + id, IPHONE, "8.8.8.8", Map.of());
        service.clock.advance(Duration.ofHours(1));

        String range = "?from=2026-11-21&to=2026-11-24&interval=day";
        JsonObject paris = stats("/api/v1/codes/" + id + "/stats" + range + "&tz=Europe/Paris", 2);
        JsonObject utc = stats("/api/v1/codes/" + id + "/stats" + range + "&tz=UTC", 2);

        assertEquals(List.of("2026-11-21T00:00:00+01:00", "2026-11-22T00:00:00+01:00", "2026-11-23T00:00:00+01:00"), times(paris));
        assertEquals(List.of(0L, 1L, 1L), humans(paris));
        assertEquals(List.of(0L, 2L, 0L), humans(utc));
        assertEquals(1, paris.getLong("uniqueHumans"), "one scanner on one UTC day");
    }

    @Test
    void hourBuckets_acrossTheAutumnClockChange_are25ForThatDay() {
        String id = newCode(service.adminKey, new JsonObject());
        JsonObject stats = service.get("/api/v1/codes/" + id + "/stats?from=2026-10-25&to=2026-10-26&interval=hour&tz=Europe/Paris",
                service.adminKey).json();
        JsonArray series = stats.getJsonArray("series");
        assertEquals(25, series.size());
        assertEquals("2026-10-25T02:00:00+02:00", series.getJsonObject(2).getString("t"));
        assertEquals("2026-10-25T02:00:00+01:00", series.getJsonObject(3).getString("t"));
    }

    /** What the dashboard's list shows: each code's totals, today's scans and a daily trend, the caller's live codes only. */
    @Test
    void activity_perCode_totalsTodayAndTrend_ownLiveCodesOnly() {
        String busy = newCode(service.adminKey, new JsonObject());
        String quiet = newCode(service.adminKey, new JsonObject());
        String gone = newCode(service.adminKey, new JsonObject());
        String alice = service.newTenant("alice-activity");
        String theirs = newCode(alice, new JsonObject());
        scan("/R/" + busy, IPHONE, "8.8.8.8", Map.of());
        scan("/R/" + busy, IPHONE, "8.8.4.4", Map.of());
        scan("/r/" + busy, WHATSAPP, "157.240.1.1", Map.of());
        scan("/R/" + theirs, IPHONE, "8.8.8.8", Map.of());
        scan("/R/" + gone, IPHONE, "8.8.8.8", Map.of());
        assertEquals(204, service.delete("/api/v1/codes/" + gone, service.adminKey).status());
        String path = "/api/v1/stats/activity?days=3&tz=Europe/Paris&ids=" + busy + "," + quiet + "," + theirs + ",NOSUCHID," + gone;

        JsonObject answer = poll(() -> service.get(path, service.adminKey).json(),
                a -> a.getJsonObject("codes").getJsonObject(busy).getJsonObject("total").getLong("bots") == 1, 1_000);
        JsonObject codes = answer.getJsonObject("codes");
        assertEquals(List.of(busy, quiet), List.copyOf(codes.fieldNames()),
                "in the order asked; another tenant's code, an unknown id and a deleted code are left out");
        JsonObject activity = codes.getJsonObject(busy);
        assertEquals(new JsonObject().put("humans", 2).put("bots", 1), activity.getJsonObject("total"));
        assertEquals(new JsonObject().put("humans", 2).put("bots", 1), activity.getJsonObject("today"));
        assertEquals(new JsonArray().add(0).add(0).add(2), activity.getJsonArray("trend"));
        assertEquals(new JsonObject().put("total", new JsonObject().put("humans", 0).put("bots", 0))
                .put("today", new JsonObject().put("humans", 0).put("bots", 0)).put("trend", new JsonArray().add(0).add(0).add(0)),
                codes.getJsonObject(quiet));
        assertEquals(3, answer.getInteger("days"));
        assertEquals("Europe/Paris", answer.getString("tz"));
        assertEquals(service.clock.instant().atZone(java.time.ZoneId.of("Europe/Paris")).toLocalDate().minusDays(2).toString(),
                answer.getString("trendStart"));

        JsonObject theirsAnswer = service.get("/api/v1/stats/activity?ids=" + theirs + "," + busy, alice).json();
        assertEquals(List.of(theirs), List.copyOf(theirsAnswer.getJsonObject("codes").fieldNames()), "and the other way round");
        assertEquals(1, theirsAnswer.getJsonObject("codes").getJsonObject(theirs).getJsonObject("total").getLong("humans"));

        JsonObject defaults = service.get("/api/v1/stats/activity?ids=" + busy.toLowerCase(java.util.Locale.ROOT) + "," + busy,
                service.adminKey).json();
        assertEquals(14, defaults.getInteger("days"));
        assertEquals("UTC", defaults.getString("tz"));
        assertEquals(14, defaults.getJsonObject("codes").getJsonObject(busy).getJsonArray("trend").size());
        assertEquals(List.of(busy), List.copyOf(defaults.getJsonObject("codes").fieldNames()), "ids match case-insensitively, once");
        assertEquals(service.clock.instant().atZone(java.time.ZoneOffset.UTC).toLocalDate().minusDays(13).toString(),
                defaults.getString("trendStart"));
        assertEquals(401, service.get(path, null).status());
    }

    @Test
    void activity_badParameters_are400NamingTheField() {
        String id = newCode(service.adminKey, new JsonObject());
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("", "ids");
        cases.put("ids=", "ids");
        cases.put("ids=%20", "ids");
        cases.put("ids=A,,B", "ids");
        cases.put("ids=A,", "ids");
        cases.put("ids=" + "X".repeat(65), "ids");
        cases.put("ids=" + "A,".repeat(200) + "A", "ids");
        cases.put("ids=A&ids=B", "ids");
        cases.put("ids=" + id + "&days=0", "days");
        cases.put("ids=" + id + "&days=91", "days");
        cases.put("ids=" + id + "&days=two", "days");
        cases.put("ids=" + id + "&tz=Mars/Olympus", "tz");
        cases.put("ids=" + id + "&tz=", null);
        cases.forEach((query, field) -> {
            TestService.Reply reply = service.get("/api/v1/stats/activity?" + query, service.adminKey);
            if (field == null) {
                assertEquals(200, reply.status(), query + ": " + reply.body());
            } else {
                assertEquals(400, reply.status(), query + ": " + reply.body());
                assertEquals(field, reply.json().getJsonObject("error").getString("field"), query);
            }
        });
        assertEquals(200, service.get("/api/v1/stats/activity?ids=" + "A,".repeat(199) + id + "&days=90", service.adminKey).status(),
                "200 ids and 90 days are allowed");
    }

    @Test
    void maxScans_countsHumansOnly_thenTheCodeIsGone() {
        String id = newCode(service.adminKey, new JsonObject().put("maxScans", 2));
        assertEquals(302, scan("/r/" + id, WHATSAPP, "157.240.1.1", Map.of()).status());
        assertEquals(302, scan("/r/" + id, IPHONE, "8.8.8.8", Map.of()).status());
        assertEquals(302, scan("/r/" + id, ANDROID, "8.8.4.4", Map.of()).status());
        service.clock.advance(Duration.ofMinutes(1));
        stats("/api/v1/codes/" + id + "/stats", 3); // the batch is written: the count is known

        assertEquals(410, scan("/r/" + id, IPHONE, "8.8.8.8", Map.of()).status());
        service.patch("/api/v1/codes/" + id, service.adminKey, new JsonObject().put("maxScans", 10));
        assertEquals(302, scan("/r/" + id, IPHONE, "8.8.8.8", Map.of()).status(), "a raised limit lets scans through again");
    }

    @Test
    void export_csvAndJson_haveTheScans_neverAnAddress() {
        String id = newCode(service.adminKey, new JsonObject());
        scan("/R/" + id, IPHONE, "8.8.8.8", Map.of("Referer", "https://www.instagram.com/p/1", "Accept-Language", "fr-FR"));
        service.clock.advance(Duration.ofSeconds(1)); // exports are in time order
        scan("/r/" + id, WHATSAPP, "157.240.1.1", Map.of());
        service.clock.advance(Duration.ofMinutes(1));
        stats("/api/v1/codes/" + id + "/stats", 2);

        TestService.Reply csv = service.get("/api/v1/codes/" + id + "/scans?format=csv", service.adminKey);
        assertEquals(200, csv.status());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals(3, lines.length, csv.body());
        assertEquals("id,time,source,device,os,browser,country,city,referrer,language,bot,botName,outcome", lines[0]);
        assertTrue(lines[1].contains(",qr,mobile,iOS,") && lines[1].contains(",US,") && lines[1].contains(",instagram.com,fr-FR,false,,"),
                lines[1]);
        assertTrue(lines[2].contains(",link,bot,") && lines[2].contains(",true,WhatsApp,redirected"), lines[2]);

        TestService.Reply json = service.get("/api/v1/codes/" + id + "/scans", service.adminKey);
        JsonArray scans = json.array();
        assertEquals(2, scans.size());
        assertEquals("qr", scans.getJsonObject(0).getString("source"));
        assertEquals("WhatsApp", scans.getJsonObject(1).getString("botName"));
        java.time.Instant.parse(scans.getJsonObject(0).getString("time"));
        for (String body : List.of(csv.body(), json.body())) {
            assertFalse(body.contains("8.8.8.8") || body.contains("157.240.1.1"), "an export never holds an address: " + body);
        }
    }

    @Test
    void tenants_seeOnlyTheirOwnScans() {
        String otherKey = service.newTenant("other");
        String mine = newCode(service.adminKey, new JsonObject().put("tags", new JsonArray().add("menu")));
        String theirs = newCode(otherKey, new JsonObject());
        scan("/r/" + mine, IPHONE, "8.8.8.8", Map.of());
        scan("/r/" + theirs, IPHONE, "8.8.8.8", Map.of());
        service.clock.advance(Duration.ofMinutes(1));
        stats("/api/v1/codes/" + mine + "/stats", 1);

        for (String path : List.of("/stats", "/scans", "/scans?format=csv")) {
            assertEquals(404, service.get("/api/v1/codes/" + theirs + path, service.adminKey).status(), path);
        }
        JsonObject tenantWide = service.get("/api/v1/stats?tag=menu", service.adminKey).json();
        assertEquals(new JsonObject().put(mine, 1L), tenantWide.getJsonObject("byCode"));
        JsonObject theirsWide = poll(() -> service.get("/api/v1/stats", otherKey).json(), j -> j.getLong("total") == 1, 1_000);
        assertEquals(new JsonObject().put(theirs, 1L), theirsWide.getJsonObject("byCode"));
    }

    @Test
    void badParameters_are400NamingTheParameter() {
        String id = newCode(service.adminKey, new JsonObject());
        Map<String, String> cases = Map.of(
                "?tz=Mars/Olympus", "tz",
                "?interval=week", "interval",
                "?from=yesterday", "from",
                "?to=2026-13-01", "to",
                "?from=2026-11-20&to=2026-11-10", "from",
                "?from=2020-01-01&to=2026-01-01&interval=hour", "interval");
        cases.forEach((query, field) -> {
            TestService.Reply reply = service.get("/api/v1/codes/" + id + "/stats" + query, service.adminKey);
            assertEquals(400, reply.status(), query + " " + reply.body());
            assertEquals(field, reply.json().getJsonObject("error").getString("field"), query + " " + reply.body());
        });
        TestService.Reply format = service.get("/api/v1/codes/" + id + "/scans?format=xml", service.adminKey);
        assertEquals(400, format.status());
        assertEquals("format", format.json().getJsonObject("error").getString("field"));
        assertEquals(401, service.get("/api/v1/codes/" + id + "/stats", null).status());
    }

    private static List<String> times(JsonObject stats) {
        return stats.getJsonArray("series").stream().map(o -> ((JsonObject) o).getString("t")).toList();
    }

    private static List<Long> humans(JsonObject stats) {
        return stats.getJsonArray("series").stream().map(o -> ((JsonObject) o).getLong("humans")).toList();
    }
}
