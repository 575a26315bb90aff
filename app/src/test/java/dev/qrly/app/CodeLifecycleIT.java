package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.engine.Decoders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A code's whole life over real HTTP: create, scan, change, expire, deactivate, delete, restart. */
class CodeLifecycleIT {

    @TempDir
    Path dir;

    private TestService service;

    @BeforeEach
    void start() {
        service = new TestService(dir, Map.of());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static String path(String url) {
        return URI.create(url).getRawPath();
    }

    @Test
    void lifecycle_createScanChangeExpireReactivateDelete() {
        String key = service.adminKey;
        JsonObject code = service.createCode(key, new JsonObject().put("destination", "https://example.com/menu")
                .put("label", "Table tents").put("tags", new JsonArray().add("spring")));
        String id = code.getString("id");
        assertEquals(8, id.length());
        assertTrue(id.chars().allMatch(c -> "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".indexOf(c) >= 0), id);
        assertEquals(id, code.getString("slug"));
        assertEquals(service.base() + "/r/" + id, code.getString("shortUrl"));
        assertEquals(("HTTP://127.0.0.1:" + URI.create(service.base()).getPort() + "/R/" + id), code.getString("encoded"));
        assertEquals("active", code.getString("state"));

        TestService.Reply scan = service.scan(path(code.getString("shortUrl")));
        assertEquals(302, scan.status());
        assertEquals("https://example.com/menu", scan.header("Location"));
        assertEquals("private, no-store", scan.header("Cache-Control"));
        assertEquals(302, service.scan("/R/" + id).status(), "the printed, upper-case route");
        assertEquals(302, service.scan("/r/" + id.toLowerCase()).status(), "slugs match in any case");

        TestService.Reply changed = service.patch("/api/v1/codes/" + id, key, new JsonObject().put("destination", "https://example.com/dinner"));
        assertEquals(200, changed.status(), changed.body());
        assertEquals("https://example.com/dinner", service.scan("/r/" + id).header("Location"), "the very next scan follows");
        JsonArray history = service.get("/api/v1/codes/" + id + "/history", key).array();
        assertEquals(2, history.size());
        assertEquals("https://example.com/dinner", history.getJsonObject(0).getString("destination"));
        assertEquals("https://example.com/menu", history.getJsonObject(1).getString("destination"));

        assertEquals(200, service.patch("/api/v1/codes/" + id, key, new JsonObject().put("active", false)).status());
        assertEquals(410, service.scan("/r/" + id).status());
        assertEquals(200, service.patch("/api/v1/codes/" + id, key, new JsonObject().put("active", true)).status());
        assertEquals(302, service.scan("/r/" + id).status());

        String inOneHour = service.clock.instant().plus(Duration.ofHours(1)).toString();
        assertEquals(200, service.patch("/api/v1/codes/" + id, key, new JsonObject().put("expiresAt", inOneHour)).status());
        assertEquals(302, service.scan("/r/" + id).status());
        service.clock.advance(Duration.ofMinutes(61));
        assertEquals(410, service.scan("/r/" + id).status(), "expiry is checked on every scan, not by a cache");
        assertEquals("expired", service.get("/api/v1/codes/" + id, key).json().getString("state"));
        assertEquals(200, service.patch("/api/v1/codes/" + id, key, new JsonObject().putNull("expiresAt")).status());
        assertEquals(302, service.scan("/r/" + id).status());

        assertEquals(204, service.delete("/api/v1/codes/" + id, key).status());
        assertEquals(410, service.scan("/r/" + id).status());
        assertEquals(404, service.delete("/api/v1/codes/" + id, key).status());
        assertEquals("deleted", service.get("/api/v1/codes/" + id, key).json().getString("state"));
    }

    @Test
    void scan_unknownSlug_is404AndHeadWorks() {
        assertEquals(404, service.scan("/r/NOSUCH99").status());
        assertEquals(404, service.scan("/r/bad_slug!").status());
        JsonObject code = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/"));
        TestService.Reply head = service.send("HEAD", "/r/" + code.getString("id"), null, null, null, Map.of());
        assertEquals(302, head.status());
        assertEquals("https://example.com/", head.header("Location"));
    }

    @Test
    void vanitySlug_takenCaseInsensitivelyAcrossTenants_is409() {
        JsonObject code = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/").put("slug", "Lunch"));
        assertEquals("Lunch", code.getString("slug"));
        assertTrue(code.getString("encoded").endsWith("/R/LUNCH"), code.getString("encoded"));
        assertEquals(302, service.scan("/r/LUNCH").status());
        String other = service.newTenant("other");
        TestService.Reply taken = service.post("/api/v1/codes", other, new JsonObject().put("destination", "https://example.org/").put("slug", "lunch"));
        assertEquals(409, taken.status());
        assertEquals("slug_taken", taken.json().getJsonObject("error").getString("code"));
        assertEquals("slug", taken.json().getJsonObject("error").getString("field"));
        // a deleted code's slug stays taken: it is printed somewhere
        assertEquals(204, service.delete("/api/v1/codes/" + code.getString("id"), service.adminKey).status());
        assertEquals(409, service.post("/api/v1/codes", service.adminKey, new JsonObject().put("destination", "https://example.org/").put("slug", "LUNCH")).status());
    }

    @Test
    void image_decodesToEncodedAndIsImmutableWithEtag() {
        JsonObject code = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/")
                .put("style", new JsonObject().put("foreground", "#1B2A6B").put("background", "#FFF8E7")));
        String png = code.getJsonObject("images").getString("png");
        TestService.Reply image = service.get(png, null);
        assertEquals(200, image.status());
        assertEquals("image/png", image.header("Content-Type"));
        assertEquals("public, max-age=31536000, immutable", image.header("Cache-Control"));
        assertEquals(code.getString("encoded"), Decoders.zxing(Decoders.png(image.bytes())).getText());
        String etag = image.header("ETag");
        assertNotNull(etag);
        TestService.Reply again = service.send("GET", png, null, null, null, Map.of("If-None-Match", etag));
        assertEquals(304, again.status());
        assertEquals(0, again.bytes().length);

        TestService.Reply svg = service.get(code.getJsonObject("images").getString("svg"), null);
        assertEquals("image/svg+xml", svg.header("Content-Type"));
        assertEquals(code.getString("encoded"), Decoders.zxing(Decoders.svg(svg.body(), 400)).getText());
        TestService.Reply pdf = service.get(code.getJsonObject("images").getString("pdf"), null);
        assertEquals(code.getString("encoded"), Decoders.zxing(Decoders.pdf(pdf.bytes(), 300)).getText());

        TestService.Reply redirect = service.get("/api/v1/codes/" + code.getString("id") + "/image?format=png&size=600", service.adminKey);
        assertEquals(302, redirect.status());
        TestService.Reply big = service.get(redirect.header("Location"), null);
        assertEquals(600, Decoders.png(big.bytes()).getWidth());

        assertEquals(404, service.get("/i/0123456789abcdef0123456789abcdef.png", null).status());
        assertEquals(400, service.get(png.replace("size=300", "size=20"), null).status());
    }

    @Test
    void restart_keepsEveryCodeAndKey() {
        JsonObject a = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/a"));
        JsonObject b = service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/b").put("slug", "keep-me"));
        service.scan("/r/" + a.getString("id"));
        service.restart();
        assertEquals("https://example.com/a", service.scan("/r/" + a.getString("id")).header("Location"));
        assertEquals("https://example.com/b", service.scan("/r/keep-me").header("Location"));
        assertEquals(200, service.get("/api/v1/codes/" + a.getString("id"), service.adminKey).status());
        String printed = service.output.toString();
        assertFalse(printed.contains("admin API key (shown once"), "a configured key is never printed");
    }

    @Test
    void list_paginatesNewestFirstAndFilters() {
        for (int i = 0; i < 7; i++) {
            service.createCode(service.adminKey, new JsonObject().put("destination", "https://example.com/" + i)
                    .put("label", "Item " + i).put("tags", new JsonArray().add(i % 2 == 0 ? "even" : "odd")));
            service.clock.advance(Duration.ofSeconds(1));
        }
        JsonObject first = service.get("/api/v1/codes?limit=3", service.adminKey).json();
        assertEquals(3, first.getJsonArray("items").size());
        assertEquals("Item 6", first.getJsonArray("items").getJsonObject(0).getString("label"));
        String cursor = first.getString("nextCursor");
        assertNotNull(cursor);
        JsonObject second = service.get("/api/v1/codes?limit=3&cursor=" + cursor, service.adminKey).json();
        assertEquals("Item 3", second.getJsonArray("items").getJsonObject(0).getString("label"));
        JsonObject last = service.get("/api/v1/codes?limit=3&cursor=" + second.getString("nextCursor"), service.adminKey).json();
        assertEquals(1, last.getJsonArray("items").size());
        assertNull(last.getString("nextCursor"));
        assertEquals(4, service.get("/api/v1/codes?tag=even", service.adminKey).json().getJsonArray("items").size());
        assertEquals(1, service.get("/api/v1/codes?q=item%205", service.adminKey).json().getJsonArray("items").size());
    }

    @Test
    void list_sortedByLabelOrOldest_pagesThroughEveryCodeOnce_cursorsKeepTheirOrder() {
        String[] labels = {"banana", "Apple", null, "cherry", "apple pie", null, "Banana split"};
        for (String label : labels) {
            JsonObject body = new JsonObject().put("destination", "https://example.com/");
            if (label != null) {
                body.put("label", label);
            }
            service.createCode(service.adminKey, body);
            service.clock.advance(Duration.ofSeconds(1));
        }
        java.util.List<String> byLabel = new java.util.ArrayList<>();
        String cursor = null;
        String firstLabelCursor = null;
        do {
            JsonObject page = service.get("/api/v1/codes?sort=label&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    service.adminKey).json();
            page.getJsonArray("items").forEach(o -> byLabel.add(((JsonObject) o).getString("label")));
            cursor = page.getString("nextCursor");
            firstLabelCursor = firstLabelCursor == null ? cursor : firstLabelCursor;
        } while (cursor != null);
        assertEquals(java.util.Arrays.asList("Apple", "apple pie", "banana", "Banana split", "cherry", null, null), byLabel);

        JsonObject oldest = service.get("/api/v1/codes?sort=oldest&limit=2", service.adminKey).json();
        assertEquals("banana", oldest.getJsonArray("items").getJsonObject(0).getString("label"));
        assertEquals("Apple", oldest.getJsonArray("items").getJsonObject(1).getString("label"));
        JsonObject next = service.get("/api/v1/codes?sort=oldest&limit=2&cursor=" + oldest.getString("nextCursor"), service.adminKey)
                .json();
        assertNull(next.getJsonArray("items").getJsonObject(0).getString("label"), "the third code made has no label");
        assertEquals("cherry", next.getJsonArray("items").getJsonObject(1).getString("label"));

        TestService.Reply mixed = service.get("/api/v1/codes?sort=newest&cursor=" + firstLabelCursor, service.adminKey);
        assertEquals(400, mixed.status());
        assertEquals("cursor", mixed.json().getJsonObject("error").getString("field"));
        TestService.Reply badSort = service.get("/api/v1/codes?sort=popular", service.adminKey);
        assertEquals(400, badSort.status());
        assertEquals("sort", badSort.json().getJsonObject("error").getString("field"));
    }
}
