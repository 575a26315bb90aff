package dev.qrly.app.cli;

import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.image.ImageFormat;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A batch made by the service, over its HTTP API: uploads the CSV as it is
 * ({@code POST /api/v1/batches}, {@code text/csv}, the options in the query), follows the batch's
 * progress ({@code GET /api/v1/batches/{id}}) and streams its archive to a file.
 *
 * <p>Once the service has accepted the batch, the batch runs there whatever happens here, so
 * waiting out a short outage (a restart, a 503, a rate limit) is worth it: such troubles are
 * retried for up to {@link #OUTAGE_LIMIT}. Before that, only a rate limit is waited out; anything
 * else ends the command at once.
 */
final class ServerBatch {

    /** How often the batch's progress is asked for. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** How long the service may be unreachable or busy before the command gives up. */
    static final Duration OUTAGE_LIMIT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_WAIT = Duration.ofSeconds(1);

    /** Fields the service names in its errors, and the option that sets each. */
    private static final Map<String, String> OPTION_FOR_FIELD = Map.of("formats", "--format", "sizes", "--size",
            "errorCorrection", "--ecl", "style.foreground", "--fg", "style.background", "--bg", "style.margin", "--margin",
            "tags", "--tags");

    private final HttpClient http;
    private final String base;
    private final String apiKey;
    private final String keyName;
    private final BatchCommand.Context context;

    /**
     * @param http the client, which does not follow redirects (they would take the key elsewhere)
     * @param server the service's URL, an absolute http(s) URL
     * @param apiKey the key sent as a bearer token
     * @param keyName where the key came from, to name in a refusal ({@code --api-key} or {@code QR_API_KEY})
     */
    ServerBatch(HttpClient http, URI server, String apiKey, String keyName, BatchCommand.Context context) {
        this.http = http;
        String url = server.toString();
        this.base = url.endsWith("/") ? url : url + "/";
        this.apiKey = apiKey;
        this.keyName = keyName;
        this.context = context;
    }

    /**
     * Makes the batch and writes its archive.
     *
     * @param csv the batch's rows, sent as they are
     * @param inputName how to name the CSV file in messages
     * @param archive an existing file that receives the archive, replacing its content
     * @param outputName how to name the archive in messages
     * @throws CommandFailure status 2 when the service refuses the file, the options or the key; 1
     *     when it cannot be reached, fails, or the archive cannot be written
     */
    BatchResult run(Path csv, String inputName, BatchOptions options, Path archive, String outputName)
            throws CommandFailure, InterruptedException {
        JsonObject batch = submit(csv, inputName, options);
        String id = batch.getString("id");
        String statusUrl = base + "api/v1/batches/" + id;
        context.err().println("qr batch: the service accepted batch " + id + " (" + batch.getInteger("total") + " rows)");
        Progress progress = new Progress(context.err(), context.terminal(), context.clock());
        while ("running".equals(batch.getString("status"))) {
            progress.update(batch.getInteger("done"), batch.getInteger("total"));
            context.sleeper().sleep(POLL_INTERVAL);
            batch = json(expect(200, send(get(statusUrl), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true)));
        }
        progress.finish(batch.getInteger("done"), batch.getInteger("total"));
        if (!"done".equals(batch.getString("status"))) {
            throw new CommandFailure(1, "batch " + id + " failed on the service: " + batch.getString("failure"));
        }
        download(statusUrl + "/archive.zip", archive, outputName);
        return result(batch);
    }

    private JsonObject submit(Path csv, String inputName, BatchOptions options) throws CommandFailure, InterruptedException {
        HttpRequest request;
        try {
            request = authorised(URI.create(base + "api/v1/batches?" + query(options)))
                    .header("Content-Type", "text/csv; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofFile(csv))
                    .build();
        } catch (FileNotFoundException e) {
            throw new CommandFailure(2, inputName + ": cannot read the file");
        }
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), false);
        int status = response.statusCode();
        if (status == 202) {
            return json(response);
        }
        Refusal refusal = Refusal.of(response);
        if (status == 401 || status == 403) {
            throw new CommandFailure(2, keyName + ": the service refused the key: " + refusal.message());
        }
        if (status == 404) {
            throw new CommandFailure(2, "--server: " + base + " has no batch API (404); is it a qrly service?");
        }
        if (status >= 400 && status < 500 && status != 429) {
            String option = refusal.field() == null ? null : OPTION_FOR_FIELD.get(refusal.field());
            throw new CommandFailure(2, (option == null ? inputName : option) + ": " + refusal.message());
        }
        throw new CommandFailure(1, "the service answered " + status + ": " + refusal.message());
    }

    /** The options as the batch API takes them with a CSV body. */
    private static String query(BatchOptions options) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("formats", options.formats().stream().map(ImageFormat::extension).collect(Collectors.joining(",")));
        params.put("sizes", options.sizes().stream().map(String::valueOf).collect(Collectors.joining(",")));
        params.put("errorCorrection", options.errorCorrection().name());
        params.put("foreground", options.style().foreground());
        params.put("background", options.style().background() == null ? "transparent" : options.style().background());
        params.put("margin", Integer.toString(options.style().margin()));
        if (!options.tags().isEmpty()) {
            params.put("tags", String.join(",", options.tags()));
        }
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Streams the archive to the file, so that a large archive is never held in memory. A download
     * that breaks off is not retried: the batch stays on the service, named in the message.
     */
    private void download(String url, Path archive, String outputName) throws CommandFailure, InterruptedException {
        HttpResponse<InputStream> response = send(get(url), HttpResponse.BodyHandlers.ofInputStream(), true);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw new CommandFailure(1, "the service answered " + response.statusCode() + " for the archive: "
                        + Refusal.of(response.statusCode(), body).message());
            }
            try (OutputStream out = Files.newOutputStream(archive, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[1 << 16];
                for (int n = read(in, buffer, url); n >= 0; n = read(in, buffer, url)) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new CommandFailure(1, "cannot write " + outputName + ": " + CommandFailure.describe(e));
        }
    }

    private static int read(InputStream in, byte[] buffer, String url) throws CommandFailure {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new CommandFailure(1, "the download of " + url + " broke off: " + e.getMessage());
        }
    }

    private HttpRequest get(String url) {
        return authorised(URI.create(url)).GET().build();
    }

    private HttpRequest.Builder authorised(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
    }

    /**
     * Sends a request, waiting out a rate limit ({@code Retry-After}) and, with {@code outages},
     * an unreachable or unavailable service, for up to {@link #OUTAGE_LIMIT} in all.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean outages)
            throws CommandFailure, InterruptedException {
        Instant troubleSince = null;
        while (true) {
            String trouble;
            Duration wait = RETRY_WAIT;
            try {
                HttpResponse<T> response = http.send(request, handler);
                int status = response.statusCode();
                boolean unavailable = status == 502 || status == 503 || status == 504;
                if (status != 429 && !(outages && unavailable)) {
                    return response;
                }
                trouble = "the service answered " + status + (response.body() instanceof String body
                        ? ": " + Refusal.of(status, body).message() : "");
                if (response.body() instanceof InputStream body) {
                    body.close();
                }
                wait = retryAfter(response).orElse(wait);
            } catch (ConnectException e) {
                trouble = "cannot reach " + base + ": connection refused";
                if (!outages) {
                    throw new CommandFailure(1, trouble);
                }
            } catch (HttpTimeoutException e) {
                trouble = base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
                if (!outages) {
                    throw new CommandFailure(1, trouble);
                }
            } catch (IOException e) {
                trouble = "cannot talk to " + base + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                if (!outages) {
                    throw new CommandFailure(1, trouble);
                }
            }
            Instant now = context.clock().instant();
            if (troubleSince == null) {
                troubleSince = now;
            }
            if (Duration.between(troubleSince, now).plus(wait).compareTo(OUTAGE_LIMIT) > 0) {
                throw new CommandFailure(1, trouble);
            }
            context.sleeper().sleep(wait);
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.strip());
                return Optional.of(Duration.ofSeconds(Math.max(1, Math.min(seconds, OUTAGE_LIMIT.toSeconds()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) throws CommandFailure {
        if (response.statusCode() != status) {
            throw new CommandFailure(1, "the service answered " + response.statusCode() + ": " + Refusal.of(response).message());
        }
        return response;
    }

    private static JsonObject json(HttpResponse<String> response) throws CommandFailure {
        try {
            return new JsonObject(response.body());
        } catch (DecodeException e) {
            throw new CommandFailure(1, "the service answered " + response.statusCode() + " with something other than JSON");
        }
    }

    private static BatchResult result(JsonObject batch) {
        List<BatchResult.FailedRow> listed = new ArrayList<>();
        JsonArray errors = batch.getJsonArray("errors", new JsonArray());
        for (int i = 0; i < errors.size(); i++) {
            JsonObject error = errors.getJsonObject(i);
            listed.add(new BatchResult.FailedRow(error.getInteger("row"), error.getInteger("line", 0), error.getString("field"),
                    error.getString("message")));
        }
        return new BatchResult(batch.getInteger("total"), batch.getInteger("created"), batch.getInteger("failed"), listed);
    }

    /** An error answer: the service's JSON error, or what can be said of another body. */
    private record Refusal(String field, String message) {

        static Refusal of(HttpResponse<String> response) {
            return of(response.statusCode(), response.body());
        }

        static Refusal of(int status, String body) {
            try {
                JsonObject error = new JsonObject(body).getJsonObject("error");
                if (error != null && error.getString("message") != null) {
                    return new Refusal(error.getString("field"), error.getString("message"));
                }
            } catch (DecodeException | ClassCastException e) {
                // not the service's error format: a proxy's page, say
            }
            return new Refusal(null, "HTTP " + status + (body == null || body.isBlank() ? "" : " with a body that is not a qrly error"));
        }
    }
}
