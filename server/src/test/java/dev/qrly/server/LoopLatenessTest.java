package dev.qrly.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LoopLatenessTest {

    private static double value(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), name + " in " + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void render_bucketsMaxAndP99() {
        LoopLateness lateness = new LoopLateness();
        for (int i = 0; i < 990; i++) {
            lateness.record(200_000); // 0.2 ms
        }
        for (int i = 0; i < 10; i++) {
            lateness.record(30_000_000); // 30 ms
        }
        String text = lateness.render();
        assertTrue(text.contains("qrly_event_loop_lateness_seconds_bucket{le=\"5.0E-4\"} 990\n"), text);
        assertTrue(text.contains("qrly_event_loop_lateness_seconds_bucket{le=\"0.05\"} 1000\n"), text);
        assertTrue(text.contains("qrly_event_loop_lateness_seconds_count 1000\n"), text);
        assertTrue(value(text, "qrly_event_loop_lateness_max_seconds") == 0.03, text);
        assertTrue(value(text, "qrly_event_loop_lateness_p99_seconds") == 0.0005, text);
        lateness.record(5_000_000);
        assertTrue(value(lateness.render(), "qrly_event_loop_lateness_p99_seconds") == 0.005, "one more past 0.5 ms moves p99 up, to its bucket");
    }

    /** A handler that holds the loop for 300 ms makes its timer at least 200 ms late, whatever the machine (a lower bound). */
    @Test
    void watch_aBlockedLoop_showsAsLateness() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            LoopLateness lateness = new LoopLateness();
            Context loop = vertx.getOrCreateContext();
            loop.runOnContext(v -> lateness.watch(vertx));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (value(lateness.render(), "qrly_event_loop_lateness_seconds_count") < 2) {
                assertTrue(System.nanoTime() < deadline, "the timer never fired");
                Thread.sleep(10);
            }
            loop.runOnContext(v -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            while (value(lateness.render(), "qrly_event_loop_lateness_max_seconds") < 0.2) {
                assertTrue(System.nanoTime() < deadline, "the blocked loop never showed: " + lateness.render());
                Thread.sleep(10);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
