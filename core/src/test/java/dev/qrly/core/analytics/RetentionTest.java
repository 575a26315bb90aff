package dev.qrly.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cut-off times a retention run asks the store for; the stores' contract tests what they then delete. */
class RetentionTest {

    /** Remembers the cut-offs it is asked for. */
    private static final class Cutoffs extends NoScans {
        final List<String> asked = new ArrayList<>();

        @Override
        public long purgeAddresses(Instant before) {
            asked.add("addresses before " + before);
            return 3;
        }

        @Override
        public long purgeScans(Instant before) {
            asked.add("scans before " + before);
            return 2;
        }
    }

    @Test
    void run_asksForTheWindowsBeforeNow_andReportsWhatWent() {
        Cutoffs store = new Cutoffs();
        Retention retention = new Retention(store, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC),
                Duration.ofDays(30), Duration.ofDays(730));

        Retention.Result result = retention.run();

        assertEquals(List.of("scans before 2024-11-22T10:00:00Z", "addresses before 2026-10-23T10:00:00Z"), store.asked);
        assertEquals(new Retention.Result(3, 2), result);
    }

    @Test
    void constructor_scansKeptShorterThanAddresses_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Retention(new Cutoffs(), Clock.systemUTC(), Duration.ofDays(30),
                Duration.ofDays(7)));
        assertThrows(IllegalArgumentException.class, () -> new Retention(new Cutoffs(), Clock.systemUTC(), Duration.ZERO,
                Duration.ofDays(7)));
    }
}
