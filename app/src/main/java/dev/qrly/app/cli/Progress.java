package dev.qrly.app.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;

/**
 * The progress of a batch on standard error: on a terminal, one line redrawn in place with a bar,
 * rows done of the total, the percentage, the rate and the time left; elsewhere (a log file, a CI
 * job), plain lines, one when another tenth of the rows is done or two seconds have passed,
 * whichever comes first, and a last one when the batch ends.
 *
 * <p>The rate is rows done since the start over the time since the start: a batch's rows cost
 * about the same each, and progress from the service moves in chunks, so a moving average would
 * only jump about. Time comes from an injected clock. Not thread-safe: one thread reports.
 */
final class Progress {

    static final int BAR_WIDTH = 24;
    /** The longest a plain report waits before the next line. */
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(2);
    /** How often the terminal line is redrawn at most; the rows of an offline batch come much faster. */
    static final Duration REDRAW_INTERVAL = Duration.ofMillis(100);

    private final PrintStream err;
    private final boolean terminal;
    private final InstantSource clock;
    private final Instant start;
    private Instant lastShown;
    private int lastTenth;
    private boolean drawn;
    private int drawnLength;

    /**
     * Starts the clock of the rate and time left.
     *
     * @param err where to report; not null
     * @param terminal whether {@code err} is a terminal, where one line is redrawn in place
     * @param clock the time; not null
     */
    Progress(PrintStream err, boolean terminal, InstantSource clock) {
        this.err = Objects.requireNonNull(err, "err");
        this.terminal = terminal;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.instant();
        this.lastShown = start;
    }

    /**
     * Whether standard error is likely a terminal. On Linux its file descriptor says so itself
     * ({@code /proc/self/fd/2} links to a {@code /dev/pts/…} or {@code /dev/tty…} device), so that
     * {@code qr batch … 2>log} from a terminal writes plain lines to the log. Elsewhere, Java 22 and
     * later tell whether the console is a terminal with {@code Console.isTerminal()}, called by
     * reflection since the program is built for Java 21, where a console exists only when the
     * program runs on a terminal.
     */
    static boolean onTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException notLinux) {
            // fall back to the console below
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reports rows done so far, if it is time to: called as often as the caller likes. A plain
     * report leaves the last row to {@link #finish}.
     *
     * @param done 0..{@code total}
     * @param total at least 1
     */
    void update(int done, int total) {
        Instant now = clock.instant();
        if (terminal) {
            if (Duration.between(lastShown, now).compareTo(REDRAW_INTERVAL) >= 0 || !drawn) {
                draw(bar(done, total) + " " + counts(done, total) + "  " + rate(done, now) + "  ETA " + eta(done, total, now));
                shown(done, total, now);
            }
        } else if (done < total
                && (tenth(done, total) > lastTenth || Duration.between(lastShown, now).compareTo(PLAIN_INTERVAL) >= 0)) {
            err.println("qr batch: " + done + "/" + total + " rows (" + percent(done, total) + "), " + rate(done, now)
                    + ", " + (done == 0 ? "starting" : "about " + eta(done, total, now) + " left"));
            shown(done, total, now);
        }
    }

    /**
     * Reports the end: the rows done and the time taken; on a terminal, the line is drawn a last
     * time and ended.
     */
    void finish(int done, int total) {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        if (terminal) {
            draw(bar(done, total) + " " + counts(done, total) + "  " + rate(done, now) + "  in " + duration(elapsed));
            err.println();
            drawnLength = 0;
        } else {
            err.println("qr batch: " + done + "/" + total + " rows (" + percent(done, total) + ") in " + duration(elapsed)
                    + ", " + rate(done, now));
        }
        shown(done, total, now);
    }

    private void shown(int done, int total, Instant now) {
        drawn = true;
        lastTenth = tenth(done, total);
        lastShown = now;
    }

    /** Redraws the terminal line, blanking what a longer previous line left. */
    private void draw(String line) {
        String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
        err.print("\r" + line + padding);
        err.flush();
        drawnLength = line.length();
    }

    private static int tenth(int done, int total) {
        return (int) (10L * done / total);
    }

    /** A bar of {@value #BAR_WIDTH} cells, {@code #} for done and {@code -} for the rest. */
    static String bar(int done, int total) {
        int filled = (int) ((long) BAR_WIDTH * done / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    /** Done of total, the done part right-aligned to the total's width, and the percentage: {@code " 412/1000  41%"}. */
    static String counts(int done, int total) {
        String width = Integer.toString(Integer.toString(total).length());
        return String.format(Locale.ROOT, "%" + width + "d/%d %4s", done, total, percent(done, total));
    }

    /** The whole percentage, rounded down so that 100% means every row. */
    static String percent(int done, int total) {
        return (100L * done / total) + "%";
    }

    private String rate(int done, Instant now) {
        return rate(done, Duration.between(start, now));
    }

    /** Rows a second, one decimal under 10: {@code "2.5 rows/s"}, {@code "180 rows/s"}; {@code "-- rows/s"} before any. */
    static String rate(int done, Duration elapsed) {
        if (done == 0 || elapsed.isZero()) {
            return "-- rows/s";
        }
        double perSecond = done / seconds(elapsed);
        return (perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond) : Long.toString(Math.round(perSecond))) + " rows/s";
    }

    private String eta(int done, int total, Instant now) {
        return eta(done, total, Duration.between(start, now));
    }

    /** The time left at the rate so far, or {@code "--"} before there is a rate. */
    static String eta(int done, int total, Duration elapsed) {
        if (done == 0 || elapsed.isZero()) {
            return "--";
        }
        double left = (total - done) * seconds(elapsed) / done;
        return duration(Duration.ofMillis(Math.round(left * 1000)));
    }

    /** {@code "0.4s"} under 10 s, {@code "42s"}, {@code "3m04s"}, {@code "1h02m"}. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
