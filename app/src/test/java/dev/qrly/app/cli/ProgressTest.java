package dev.qrly.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final InstantSource clock = () -> now;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private void advance(long millis) {
        now = now.plusMillis(millis);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bar_partlyDone_fillsItsShareOfTheCellsRoundedDown() {
        assertEquals("[------------------------]", Progress.bar(0, 60));
        assertEquals("[############------------]", Progress.bar(500, 1000));
        assertEquals("[#######-----------------]", Progress.bar(333, 1000));
        assertEquals("[########################]", Progress.bar(60, 60));
    }

    @Test
    void counts_anyDone_alignsToTheTotalsWidthWithThePercentage() {
        assertEquals("   7/1000   0%", Progress.counts(7, 1000));
        assertEquals(" 412/1000  41%", Progress.counts(412, 1000));
        assertEquals("1000/1000 100%", Progress.counts(1000, 1000));
        assertEquals("99%", Progress.percent(999, 1000), "100% only when every row is done");
    }

    @Test
    void rate_underTenRowsASecond_showsOneDecimal() {
        assertEquals("2.5 rows/s", Progress.rate(5, Duration.ofSeconds(2)));
        assertEquals("180 rows/s", Progress.rate(450, Duration.ofMillis(2500)));
        assertEquals("-- rows/s", Progress.rate(0, Duration.ofSeconds(3)));
        assertEquals("-- rows/s", Progress.rate(10, Duration.ZERO));
    }

    @Test
    void eta_atTheRateSoFar_isTheTimeTheRestTakes() {
        assertEquals("15s", Progress.eta(250, 1000, Duration.ofSeconds(5)));
        assertEquals("0.0s", Progress.eta(1000, 1000, Duration.ofSeconds(5)));
        assertEquals("--", Progress.eta(0, 1000, Duration.ofSeconds(5)));
        assertEquals("1h02m", Progress.eta(10, 10_000, Duration.ofMillis(3730)));
    }

    @Test
    void duration_byMagnitude_usesTheShortestReadableForm() {
        assertEquals("0.4s", Progress.duration(Duration.ofMillis(420)));
        assertEquals("9.9s", Progress.duration(Duration.ofMillis(9_949)));
        assertEquals("42s", Progress.duration(Duration.ofSeconds(42)));
        assertEquals("3m04s", Progress.duration(Duration.ofSeconds(184)));
        assertEquals("1h02m", Progress.duration(Duration.ofMinutes(62).plusSeconds(59)));
    }

    @Test
    void update_onATerminal_redrawsOneLineInPlaceAtMostTenTimesASecond() {
        Progress progress = new Progress(err, true, clock);
        progress.update(0, 1000);
        advance(1000);
        progress.update(100, 1000);
        advance(50);
        progress.update(110, 1000); // too soon after the last redraw
        advance(1950);
        progress.update(500, 1000);
        advance(2000);
        progress.finish(1000, 1000);

        String out = printed();
        assertEquals(List.of(
                "\r[------------------------]    0/1000   0%  -- rows/s  ETA --",
                "\r[##----------------------]  100/1000  10%  100 rows/s  ETA 9.0s",
                "\r[############------------]  500/1000  50%  167 rows/s  ETA 3.0s",
                "\r[########################] 1000/1000 100%  200 rows/s  in 5.0s \n"),
                List.of(out.split("(?=\r)")));
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line, ended once");
    }

    @Test
    void update_notATerminal_printsALineEachTenthOrTwoSecondsAndTheLastAtTheEnd() {
        Progress progress = new Progress(err, false, clock);
        progress.update(0, 1000);
        advance(500);
        progress.update(50, 1000); // neither a new tenth nor 2 s
        advance(500);
        progress.update(120, 1000); // a new tenth
        advance(1000);
        progress.update(150, 1000); // 1 s since the last line
        advance(1000);
        progress.update(160, 1000); // 2 s since the last line
        advance(100);
        progress.update(390, 1000); // two tenths at once: one line
        advance(100);
        progress.update(1000, 1000); // left to finish
        progress.finish(1000, 1000);

        String out = printed();
        assertFalse(out.contains("\r"), out);
        assertEquals(List.of(
                "qr batch: 120/1000 rows (12%), 120 rows/s, about 7.3s left",
                "qr batch: 160/1000 rows (16%), 53 rows/s, about 15s left",
                "qr batch: 390/1000 rows (39%), 126 rows/s, about 4.8s left",
                "qr batch: 1000/1000 rows (100%) in 3.2s, 313 rows/s"), out.lines().toList());
    }

    @Test
    void finish_onATerminal_blanksWhatALongerLineLeft() {
        Progress progress = new Progress(err, true, clock);
        progress.update(1, 10_000);
        advance(3730);
        progress.update(10, 10_000); // ETA 1h02m: the longest line
        advance(100);
        progress.finish(10, 10);
        String last = printed().substring(printed().lastIndexOf('\r'));
        assertTrue(last.endsWith("   \n"), "padded with spaces over the longer line: '" + last + "'");
    }
}
