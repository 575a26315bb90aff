package dev.qrly.server;

import dev.qrly.core.batch.Batch;
import dev.qrly.core.batch.BatchCsv;
import dev.qrly.core.batch.BatchItem;
import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.batch.BatchRow;
import dev.qrly.core.batch.BatchService;
import dev.qrly.core.batch.RowError;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/batches}: many codes from one upload (JSON or CSV), their progress, and the ZIP
 * of their images. Thin: parse, call {@link BatchService}, map.
 */
final class BatchesApi {

    /** The largest upload: 10,000 rows of long URLs and labels fit with room to spare. */
    static final long BODY_LIMIT = 32L * 1024 * 1024;
    /** The most row errors a status answer lists; the archive's manifest has every row. */
    static final int MAX_ERRORS_SHOWN = 1_000;

    private static final Set<String> FIELDS = Set.of("items", "formats", "sizes", "errorCorrection", "style", "tags");
    private static final Set<String> ITEM_FIELDS = Set.of("destination", "slug", "label", "tags");

    private final Api api;
    private final BatchService batches;

    BatchesApi(Api api, BatchService batches) {
        this.api = api;
        this.batches = batches;
    }

    void mount(Router router) {
        router.post("/api/v1/batches").handler(this::submit);
        router.get("/api/v1/batches").handler(this::list);
        router.get("/api/v1/batches/:id").handler(this::get);
        router.get("/api/v1/batches/:id/archive.zip").handler(this::archive);
    }

    private void submit(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String mediaType = type == null ? "" : type.toLowerCase(Locale.ROOT).split(";")[0].strip();
            Batch batch = switch (mediaType) {
                case "application/json" -> {
                    JsonBody body = JsonBody.of(Api.jsonObject(ctx), FIELDS);
                    yield batches.submit(caller, items(body.raw("items")), options(body));
                }
                case "text/csv" -> {
                    BatchOptions options = options(ctx);
                    Buffer body = ctx.body().buffer();
                    byte[] bytes = body == null ? new byte[0] : body.getBytes();
                    yield batches.submit(caller, BatchCsv.read(bytes, BatchService.MAX_ROWS), options);
                }
                default -> throw new HttpError(415, "unsupported_media_type", "send the batch as application/json or text/csv"
                        + (type == null ? "" : ", not " + type), null);
            };
            return Api.Reply.json(202, toJson(batch, errors(batch))).withHeader("Location", "/api/v1/batches/" + batch.id());
        });
    }

    private void list(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            int limit = Params.integer(ctx, "limit", 20, 1, 100);
            JsonArray items = new JsonArray();
            batches.list(caller, limit).forEach(batch -> items.add(toJson(batch, null)));
            return Api.Reply.json(200, new JsonObject().put("items", items));
        });
    }

    private void get(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            Batch batch = batches.get(caller, ctx.pathParam("id"));
            return Api.Reply.json(200, toJson(batch, errors(batch)));
        });
    }

    private void archive(RoutingContext ctx) {
        api.authed(ctx, caller -> {
            Path file = batches.archive(caller, ctx.pathParam("id"));
            // the file is named <id>.zip
            return new Api.Reply(200, file, "application/zip", Map.of("Content-Disposition",
                    "attachment; filename=\"qrly-batch-" + file.getFileName() + "\"", "Cache-Control", "private, no-store"));
        });
    }

    private List<BatchRow> errors(Batch batch) {
        return batch.failed() == 0 ? List.of() : batches.errors(batch, MAX_ERRORS_SHOWN);
    }

    /** The rows of a JSON batch; what is wrong with one item is that row's error. */
    private static List<BatchRow> items(Object value) {
        if (value == null) {
            throw HttpError.invalid("items", "items is required: an array with an object per code");
        }
        if (!(value instanceof JsonArray array)) {
            throw HttpError.invalid("items", "items must be an array with an object per code");
        }
        if (array.size() > BatchService.MAX_ROWS) {
            throw BatchCsv.tooMany(BatchService.MAX_ROWS);
        }
        List<BatchRow> rows = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            rows.add(item(i + 1, array.getValue(i)));
        }
        return rows;
    }

    private static BatchRow item(int row, Object value) {
        if (!(value instanceof JsonObject object)) {
            return BatchRow.pending(row, 0, new BatchItem(null, null, null, List.of()))
                    .withError(new RowError(null, "invalid_row", "item " + row + " must be an object"));
        }
        BatchItem raw = new BatchItem(text(object.getValue("destination")), text(object.getValue("slug")),
                text(object.getValue("label")), List.of());
        try {
            JsonBody body = JsonBody.of(object, ITEM_FIELDS);
            List<String> tags = body.strings("tags");
            return BatchRow.pending(row, 0, new BatchItem(body.string("destination"), body.string("slug"), body.string("label"), tags));
        } catch (HttpError e) {
            return BatchRow.pending(row, 0, raw).withError(new RowError(e.field, e.code, e.getMessage()));
        }
    }

    /** A value kept for the manifest of a row that failed on its types: strings as they are, others as JSON. */
    private static String text(Object value) {
        return value == null ? null : value instanceof String s ? s : Json.encode(value);
    }

    private static BatchOptions options(JsonBody body) {
        List<ImageFormat> formats = body.has("formats") && !body.isNull("formats")
                ? body.strings("formats").stream().map(f -> ImageFormat.parse(f, "formats")).toList()
                : BatchOptions.DEFAULT_FORMATS;
        List<Integer> sizes = BatchOptions.DEFAULT_SIZES;
        Object rawSizes = body.raw("sizes");
        if (rawSizes != null) {
            if (!(rawSizes instanceof JsonArray array) || !array.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
                throw HttpError.invalid("sizes", "sizes must be an array of whole numbers (PNG widths in px)");
            }
            sizes = array.stream().map(v -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ((Number) v).longValue())))
                    .toList();
        }
        List<String> tags = body.strings("tags");
        return new BatchOptions(formats, sizes, CodesApi.errorCorrection(body.string("errorCorrection")),
                CodesApi.style(body.object("style", CodesApi.STYLE_FIELDS)), tags == null ? List.of() : tags);
    }

    /** A CSV batch's options, from the query: {@code formats=svg,png&sizes=300,600&errorCorrection=Q&tags=a,b} and the style's fields. */
    private static BatchOptions options(RoutingContext ctx) {
        String formats = Params.string(ctx, "formats");
        String sizes = Params.string(ctx, "sizes");
        String tags = Params.string(ctx, "tags");
        JsonObject style = new JsonObject();
        for (String field : CodesApi.STYLE_FIELDS) {
            String value = Params.string(ctx, field);
            if (value != null) {
                style.put(field, field.equals("margin") ? margin(value) : value);
            }
        }
        return new BatchOptions(
                formats == null ? BatchOptions.DEFAULT_FORMATS : list(formats).stream().map(f -> ImageFormat.parse(f, "formats")).toList(),
                sizes == null ? BatchOptions.DEFAULT_SIZES : list(sizes).stream().map(BatchesApi::size).toList(),
                CodesApi.errorCorrection(Params.string(ctx, "errorCorrection")),
                style.isEmpty() ? CodeStyle.DEFAULT : CodesApi.style(JsonBody.of(style, CodesApi.STYLE_FIELDS)),
                tags == null ? List.of() : list(tags));
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int size(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HttpError.invalid("sizes", "sizes must be PNG widths in px separated by commas, not '" + text + "'");
        }
    }

    private static Object margin(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw HttpError.invalid("style.margin", "margin must be a whole number of modules from 0 to 16, not '" + text + "'");
        }
    }

    /** The batch as the API shows it; {@code errors} null leaves them out (the list). */
    static JsonObject toJson(Batch batch, List<BatchRow> errors) {
        JsonObject json = new JsonObject()
                .put("id", batch.id())
                .put("status", batch.status().name().toLowerCase(Locale.ROOT))
                .put("total", batch.total())
                .put("done", batch.done())
                .put("created", batch.created())
                .put("failed", batch.failed())
                .put("formats", new JsonArray(batch.options().formats().stream().map(ImageFormat::extension).toList()))
                .put("sizes", new JsonArray(batch.options().sizes()))
                .put("errorCorrection", batch.options().errorCorrection().name())
                .put("createdAt", batch.createdAt().toString())
                .put("finishedAt", batch.finishedAt() == null ? null : batch.finishedAt().toString())
                .put("failure", batch.failure())
                .put("archive", batch.status() == Batch.Status.DONE ? "/api/v1/batches/" + batch.id() + "/archive.zip" : null);
        if (errors != null) {
            JsonArray list = new JsonArray();
            for (BatchRow row : errors) {
                JsonObject error = new JsonObject().put("row", row.row());
                if (row.line() > 0) {
                    error.put("line", row.line());
                }
                error.put("field", row.error().field()).put("code", row.error().code()).put("message", row.error().message());
                list.add(error);
            }
            json.put("errors", list);
        }
        return json;
    }
}
