package dev.qrly.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end batch timing against a running service: for each batch size, upload a CSV through
 * {@code POST /api/v1/batches}, poll its status until done, and download the whole ZIP; the time is
 * from the first byte sent to the last byte of the archive received. Run by {@code bin/bench-batch},
 * which starts the service; not a JMH benchmark because the unit is one whole request cycle.
 *
 * <p>Arguments: {@code BASE_URL API_KEY SIZES RUNS WARMUPS FORMATS PNG_SIZES}, e.g.
 * {@code http://127.0.0.1:18090 qrly_… 500,10000 9 3 svg,png 300}.
 */
public final class BatchLoad {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9A-Z]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;
    private final String query;
    private int batchNumber;

    private BatchLoad(String base, String key, String formats, String pngSizes) {
        this.base = base;
        this.key = key;
        this.query = "?formats=" + formats + "&sizes=" + pngSizes;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: BatchLoad BASE_URL API_KEY SIZES RUNS WARMUPS FORMATS PNG_SIZES");
            System.exit(2);
        }
        BatchLoad load = new BatchLoad(args[0], args[1], args[5], args[6]);
        int runs = Integer.parseInt(args[3]);
        int warmups = Integer.parseInt(args[4]);
        for (String size : args[2].split(",")) {
            int rows = Integer.parseInt(size.strip());
            for (int i = 0; i < warmups; i++) {
                load.once(rows);
            }
            List<Double> seconds = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < runs; i++) {
                Result result = load.once(rows);
                seconds.add(result.seconds());
                bytes = result.zipBytes();
            }
            List<Double> sorted = new ArrayList<>(seconds);
            Collections.sort(sorted);
            double median = sorted.get(sorted.size() / 2);
            System.out.printf(Locale.ROOT, "rows %6d  median %.3f s  min %.3f s  max %.3f s  (%,.0f rows/s at the median; zip %,d bytes; runs %s)%n",
                    rows, median, sorted.get(0), sorted.get(sorted.size() - 1), rows / median, bytes, format(seconds));
        }
    }

    private record Result(double seconds, long zipBytes) {}

    private Result once(int rows) throws IOException, InterruptedException {
        String csv = csv(rows, ++batchNumber);
        long start = System.nanoTime();
        HttpResponse<String> accepted = http.send(request("/api/v1/batches" + query)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("upload answered " + accepted.statusCode() + ": " + accepted.body());
        }
        Matcher id = ID.matcher(accepted.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + accepted.body());
        }
        String path = "/api/v1/batches/" + id.group(1);
        while (true) {
            String status = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = STATUS.matcher(status);
            if (!m.find()) {
                throw new IllegalStateException("no status in " + status);
            }
            if (m.group(1).equals("done")) {
                break;
            }
            if (!m.group(1).equals("running")) {
                throw new IllegalStateException("batch ended " + status);
            }
            Thread.sleep(10);
        }
        HttpResponse<InputStream> zip = http.send(request(path + "/archive.zip").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream in = zip.body()) {
            bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (zip.statusCode() != 200) {
            throw new IllegalStateException("archive answered " + zip.statusCode());
        }
        return new Result(seconds, bytes);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key).timeout(Duration.ofMinutes(5));
    }

    /** Rows like a restaurant chain's: a menu URL and a label per location, distinct in every batch. */
    private static String csv(int rows, int batch) {
        StringBuilder csv = new StringBuilder(rows * 64).append("destination,label\n");
        for (int i = 1; i <= rows; i++) {
            csv.append("https://example.com/menu?location=").append(batch).append('-').append(i)
                    .append(",Location ").append(i).append('\n');
        }
        return csv.toString();
    }

    private static String format(List<Double> seconds) {
        StringBuilder out = new StringBuilder();
        for (double s : seconds) {
            out.append(out.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.3f", s));
        }
        return out.toString();
    }
}
