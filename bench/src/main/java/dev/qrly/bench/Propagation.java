package dev.qrly.bench;

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
 * How long a destination change made through one instance takes to reach another: create a code
 * on A and scan it once on B (so that B caches it), then, {@code N} times, change its destination
 * on A and scan it on B as fast as possible until B redirects to the new destination. The time is
 * from A's answer to the change to B's first answer with the new destination. Prints the
 * distribution. Run by {@code bin/bench-cluster}.
 *
 * <p>Arguments: {@code BASE_A BASE_B API_KEY N}.
 */
public final class Propagation {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9A-Z]+)\"");

    private Propagation() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Propagation BASE_A BASE_B API_KEY N");
            System.exit(2);
        }
        String a = args[0];
        String b = args[1];
        String key = args[2];
        int n = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(a + "/api/v1/codes"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"destination\":\"https://example.com/0\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(created.body());
        if (created.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("creating the code on A answered " + created.statusCode() + ": " + created.body());
        }
        HttpRequest scanOnB = HttpRequest.newBuilder(URI.create(b + "/r/" + id.group(1))).GET().build();
        awaitLocation(http, scanOnB, "https://example.com/0", Duration.ofSeconds(10));
        List<Double> millis = new ArrayList<>(n);
        int scans = 0;
        for (int i = 1; i <= n; i++) {
            String destination = "https://example.com/" + i;
            HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create(a + "/api/v1/codes/" + id.group(1)))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"destination\":\"" + destination + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long start = System.nanoTime();
            if (changed.statusCode() != 200) {
                throw new IllegalStateException("change " + i + " answered " + changed.statusCode() + ": " + changed.body());
            }
            scans += awaitLocation(http, scanOnB, destination, Duration.ofSeconds(10));
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "%d changes: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%.1f scans on B a change)%n",
                n, at(millis, 0.50), at(millis, 0.90), at(millis, 0.99), millis.get(millis.size() - 1), (double) scans / n);
    }

    /** Scans until the answer redirects to {@code destination}; returns how many scans it took. */
    private static int awaitLocation(HttpClient http, HttpRequest scan, String destination, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int scans = 1; ; scans++) {
            HttpResponse<Void> answer = http.send(scan, HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 302 && destination.equals(answer.headers().firstValue("Location").orElse(null))) {
                return scans;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("B still answers " + answer.statusCode() + " "
                        + answer.headers().firstValue("Location").orElse("") + " after " + limit);
            }
        }
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }
}
