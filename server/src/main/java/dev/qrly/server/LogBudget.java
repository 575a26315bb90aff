package dev.qrly.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Bounds how often one kind of log line is written: at most {@code perMinute} lines of a kind in a
 * minute; the rest are counted, and the next line written says how many were left out. A client
 * that repeats one bad request thousands of times a second then costs a few lines a minute of log,
 * not megabytes.
 *
 * <p>Also a {@link Filter} for the root log handlers, so that the same bound holds for what Netty
 * and Vert.x log about connections (a reset, a refused accept while out of file descriptors); and
 * {@link #warmUp} loads, at start, everything that writing a log line needs (the time-zone rules
 * above all), so that logging still works when no file descriptor is left to open them with.
 *
 * <p>Thread-safe: a map of kinds to two atomics, no lock.
 */
final class LogBudget implements Filter {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    /** The most kinds tracked; past it, kinds that are not tracked yet are all one kind. */
    private static final int MAX_KINDS = 1_000;

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** One kind's current minute: when it began, and how many lines of it were asked for. */
    private static final class Window {
        final AtomicLong start;
        final AtomicLong asked = new AtomicLong();
        final AtomicLong suppressedBefore = new AtomicLong();

        Window(long now) {
            start = new AtomicLong(now);
        }
    }

    /**
     * @param perMinute the most lines of one kind a minute, at least 1
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    LogBudget(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1, not " + perMinute);
        }
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /** The budget the server shares: 10 lines of a kind a minute. */
    static final LogBudget SHARED = new LogBudget(10, System::nanoTime);

    /**
     * Whether a line of this kind may be written now. Returns -1 if not (it is counted), else how
     * many lines of the kind were left out since the last one written (0 if none).
     */
    long admit(String kind) {
        long now = nanoTime.getAsLong();
        Window window = windows.get(kind);
        if (window == null) {
            String key = windows.size() >= MAX_KINDS ? "(other)" : kind;
            window = windows.computeIfAbsent(key, k -> new Window(now));
        }
        long start = window.start.get();
        if (now - start >= MINUTE_NANOS && window.start.compareAndSet(start, now)) {
            long asked = window.asked.getAndSet(0);
            window.suppressedBefore.addAndGet(Math.max(0, asked - perMinute));
        }
        if (window.asked.incrementAndGet() > perMinute) {
            return -1;
        }
        return window.suppressedBefore.getAndSet(0);
    }

    /** Logs a line of this kind if the budget allows, noting how many were left out before it. */
    void log(Logger logger, Level level, String kind, String message, Throwable thrown) {
        if (!logger.isLoggable(level)) {
            return;
        }
        long suppressed = admit(kind);
        if (suppressed < 0) {
            return;
        }
        String line = suppressed == 0 ? message : message + " (" + suppressed + " more like it were not logged)";
        logger.logp(level, logger.getName(), null, line, thrown);
    }

    /**
     * As a filter: warnings and errors of the network libraries are kept within the budget, by
     * logger and message; everything else passes.
     */
    @Override
    public boolean isLoggable(LogRecord record) {
        String name = record.getLoggerName();
        if (name == null || record.getLevel().intValue() < Level.WARNING.intValue()
                || !(name.startsWith("io.netty.") || name.startsWith("io.vertx."))) {
            return true;
        }
        String message = record.getMessage();
        String kind = name + ": " + (message == null ? "" : message.length() > 80 ? message.substring(0, 80) : message);
        long suppressed = admit(kind);
        if (suppressed < 0) {
            return false;
        }
        if (suppressed > 0) {
            record.setMessage(message + " (" + suppressed + " more like it were not logged)");
        }
        return true;
    }

    /**
     * Puts the shared budget on every root log handler, and writes one log line's worth of text to
     * nowhere, so that the classes and data a log line needs (the time-zone rules, the formatter,
     * the handlers) are loaded while file descriptors are still free. Idempotent.
     */
    static synchronized void warmUp() {
        ZoneId.systemDefault().getRules();
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (!(handler.getFilter() instanceof LogBudget)) {
                handler.setFilter(SHARED);
            }
            (handler.getFormatter() == null ? new SimpleFormatter() : handler.getFormatter())
                    .format(new LogRecord(Level.WARNING, "warm-up"));
        }
        LogRecord sample = new LogRecord(Level.WARNING, "warm-up {0}");
        sample.setParameters(new Object[] {"x"});
        sample.setThrown(new java.io.IOException("warm-up"));
        new SimpleFormatter().format(sample);
        new IllegalStateException("warm-up").printStackTrace(new PrintWriter(new StringWriter()));
        SHARED.admit("warm-up");
    }
}
