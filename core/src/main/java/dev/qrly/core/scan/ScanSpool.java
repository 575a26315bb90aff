package dev.qrly.core.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The scan queue's overflow log: scan events that find the in-memory queue full are appended to
 * segment files on local disk and read back, oldest first, once the writer has room again.
 *
 * <p><b>Writing.</b> {@link #offer} is what the event loop calls: one non-blocking insert into a
 * small bounded buffer (no I/O, no wake-up). A thread of its own ({@code scan-spool}) drains that
 * buffer every {@value #POLL_MILLIS} ms and appends each group of events with one write. A
 * segment starts with the 8 bytes {@code QRSPOOL1}; each record is its payload's length (4
 * bytes), the payload's CRC-32C (4 bytes), and the payload ({@link SpoolCodec}, about 200 to 250 bytes).
 * A segment is closed at {@code segmentBytes}, or after {@value #ROLL_IDLE_MILLIS} ms without an
 * event, and a new one is begun by the next event. Nothing is synced: a process crash loses
 * nothing the spool wrote, a power loss may lose its last seconds.
 *
 * <p><b>Refusing.</b> An event is dropped, and counted ({@link #dropped}), when the buffer is full
 * (the disk cannot keep up), when the spool would pass {@code maxBytes}, when the disk has less
 * than {@code reserveBytes} free (left to the store, whose transactions need room), or when a
 * write fails; one warning a spell. A failed write truncates its segment back to its last whole
 * group. The spool takes events again as soon as there is room.
 *
 * <p><b>Reading.</b> {@link #read} and {@link #commit} belong to one thread, the scan writer: it
 * reads a batch, writes it to the store, then commits, which records the position in the file
 * {@code replayed} and deletes a segment once it is read to its end. The reader may read the
 * segment being written, up to its last whole group. A stop or crash between a batch's write and
 * its commit writes that batch again at the next start (at most one batch twice). A record that
 * is cut short or fails its checksum (a crash mid-write) ends its segment: the rest of that
 * segment is skipped with one warning, and the next segment is read.
 *
 * <p>Segments left by an earlier run are read first, in order. One process a data folder
 * ({@code DataDirLock}), so one spool a folder.
 */
public final class ScanSpool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScanSpool.class.getName());

    /** The first bytes of every segment: the format and its version. */
    static final byte[] MAGIC = "QRSPOOL1".getBytes(StandardCharsets.US_ASCII);
    /** Length and checksum before each record's payload. */
    static final int RECORD_HEADER = 8;
    /** The largest payload read back; the server's header limits keep every event far below it. */
    static final int MAX_RECORD = 1 << 20;
    /** Where a segment closes and the next begins. */
    public static final long SEGMENT_BYTES = 64L << 20;
    /** Free space on the disk below which the spool takes nothing: the store's transactions need room. */
    public static final long RESERVE_BYTES = 32L << 20;
    /** Events waiting for the spool's thread; at 100,000 overflowing events a second, half a second's worth. */
    public static final int BUFFER = 65_536;
    static final long POLL_MILLIS = 10;
    static final long ROLL_IDLE_MILLIS = 1_000;
    static final String SUFFIX = ".seg";
    static final String CURSOR = "replayed";
    private static final int GROUP = 4_096;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final long reserveBytes;
    private final FileStore disk;
    private final ArrayBlockingQueue<ScanEvent> pending;
    /** Oldest first; the last may be the one being written. */
    private final Deque<Segment> segments = new ConcurrentLinkedDeque<>();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder spooled = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean closing;

    // the writing side, under writeLock (the spool's thread, or the scan writer spilling at a stop)
    private final ReentrantLock writeLock = new ReentrantLock();
    private final SpoolCodec codec = new SpoolCodec();
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer out = ByteBuffer.allocate(1 << 20);
    private Segment active;
    private FileChannel activeChannel;
    private long activeSize;
    private long nextSeq;
    private boolean refusing;

    // the reading side: the scan writer's thread only
    private final ByteBuffer in = ByteBuffer.allocate(2 * (MAX_RECORD + RECORD_HEADER));
    private final FileChannel cursor;
    private Segment reading;
    private FileChannel readChannel;
    private long readOffset;
    private long cursorSeq;
    private long cursorOffset;
    private int uncommitted;

    /** One segment file. {@code limit} is set before {@code closed}, so a reader that saw it closed sees its last limit. */
    private static final class Segment {
        final long seq;
        final Path path;
        volatile long limit;
        volatile boolean closed;
        /** What {@code bytes} counts for it: the file's size, or what was written to it (a failed write's tail taken off). */
        volatile long counted;

        Segment(long seq, Path path) {
            this.seq = seq;
            this.path = path;
        }
    }

    private ScanSpool(Path dir, long maxBytes, long segmentBytes, long reserveBytes, int buffer) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.reserveBytes = reserveBytes;
        this.pending = new ArrayBlockingQueue<>(buffer);
        Files.createDirectories(dir);
        this.disk = Files.getFileStore(dir);
        List<Path> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && seqOf(p) >= 0)
                    .sorted((a, b) -> Long.compare(seqOf(a), seqOf(b))).toList();
        }
        for (Path path : found) {
            Segment segment = new Segment(seqOf(path), path);
            segment.limit = Files.size(path);
            segment.counted = segment.limit;
            segment.closed = true;
            segments.addLast(segment);
            bytes.addAndGet(segment.limit);
            nextSeq = segment.seq + 1;
        }
        this.cursor = FileChannel.open(dir.resolve(CURSOR), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        readCursor();
        nextSeq = Math.max(nextSeq, cursorSeq + 1);
        this.thread = Thread.ofPlatform().name("scan-spool").daemon(true).unstarted(this::spoolLoop);
        if (maxBytes > 0) {
            thread.start();
        }
    }

    /**
     * Opens the spool in {@code dir} (created if missing) with the default segment size, reserve and buffer.
     *
     * @param maxBytes the most the segments may take on disk; 0 takes no new events but still reads back what an
     *     earlier run left
     * @throws UncheckedIOException if the folder cannot be made or read
     */
    public static ScanSpool open(Path dir, long maxBytes) {
        return open(dir, maxBytes, SEGMENT_BYTES, RESERVE_BYTES, BUFFER);
    }

    /**
     * Opens the spool in {@code dir}.
     *
     * @param maxBytes the most the segments may take on disk, at least 0 (0: takes no new events)
     * @param segmentBytes where a segment closes; more than a header and a record
     * @param reserveBytes free space on the disk below which no event is taken, at least 0
     * @param buffer events that may wait for the spool's thread, at least 1
     * @throws IllegalArgumentException if a size is out of range
     * @throws UncheckedIOException if the folder cannot be made or read
     */
    public static ScanSpool open(Path dir, long maxBytes, long segmentBytes, long reserveBytes, int buffer) {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes < 0 || segmentBytes < MAGIC.length + RECORD_HEADER + 64 || reserveBytes < 0 || buffer < 1) {
            throw new IllegalArgumentException("spool sizes out of range: maxBytes " + maxBytes + ", segmentBytes " + segmentBytes
                    + ", reserveBytes " + reserveBytes + ", buffer " + buffer);
        }
        try {
            return new ScanSpool(dir, maxBytes, segmentBytes, reserveBytes, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the scan spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long seqOf(Path path) {
        String name = path.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Hands an event to the spool's thread; never blocks, does no I/O. False (the caller counts a drop) when full, closed or off. */
    public boolean offer(ScanEvent event) {
        return maxBytes > 0 && !closing && pending.offer(event);
    }

    /**
     * Appends {@code events} now, on the caller's thread, after what the spool's thread has in
     * hand: what a stop does with the events it has no time to write. Events it cannot take are
     * counted neither as spooled nor as dropped: the caller counts them.
     *
     * @return how many were appended
     */
    public int append(List<ScanEvent> events) {
        if (maxBytes == 0 || events.isEmpty()) {
            return 0;
        }
        writeLock.lock();
        try {
            long before = dropped.sum();
            int written = write(events);
            dropped.add(before - dropped.sum()); // not the spool's to count: the caller counts them
            return written;
        } finally {
            writeLock.unlock();
        }
    }

    private void spoolLoop() {
        List<ScanEvent> group = new ArrayList<>(GROUP);
        long idleSince = System.nanoTime();
        while (true) {
            pending.drainTo(group, GROUP);
            if (!group.isEmpty()) {
                writeLock.lock();
                try {
                    write(group);
                } finally {
                    writeLock.unlock();
                }
                group.clear();
                idleSince = System.nanoTime();
                continue;
            }
            if (closing) {
                return;
            }
            if (active != null && System.nanoTime() - idleSince > TimeUnit.MILLISECONDS.toNanos(ROLL_IDLE_MILLIS)) {
                writeLock.lock();
                try {
                    closeActive();
                } finally {
                    writeLock.unlock();
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // close() cuts the sleep short; the loop writes what is left and ends
            }
        }
    }

    /**
     * Appends {@code events} and publishes them to the reader; returns how many it appended, the
     * rest counted as dropped. Under writeLock.
     */
    private int write(List<ScanEvent> events) {
        String refusal = roomFor(events.size());
        if (refusal != null) {
            refuse(refusal, events.size());
            return 0;
        }
        int published = 0;
        int unpublished = 0;
        long unpublishedBytes = 0;
        try {
            for (ScanEvent event : events) {
                codec.encode(event);
                int size = codec.size();
                long record = RECORD_HEADER + size;
                if (size > MAX_RECORD || bytes.get() + record > maxBytes) {
                    break;
                }
                if (active == null || activeSize + out.position() + record > segmentBytes && activeSize + out.position() > MAGIC.length) {
                    flushOut();
                    publish();
                    published += unpublished;
                    unpublished = 0;
                    unpublishedBytes = 0;
                    closeActive();
                    beginSegment();
                }
                crc.reset();
                crc.update(codec.bytes(), 0, size);
                if (out.remaining() < record) {
                    flushOut();
                }
                out.putInt(size).putInt((int) crc.getValue()).put(codec.bytes(), 0, size);
                bytes.addAndGet(record);
                active.counted += record;
                unpublished++;
                unpublishedBytes += record;
            }
            flushOut();
            publish();
            published += unpublished;
        } catch (IOException | UncheckedIOException e) {
            // what reached the file past the last published limit is cut off: those events are lost
            bytes.addAndGet(-unpublishedBytes);
            if (active != null) {
                active.counted -= unpublishedBytes;
            }
            abandonActive();
            spooled.add(published);
            refuse("writing to " + dir + " failed (" + e.getMessage() + ")", events.size() - published);
            return published;
        }
        spooled.add(published);
        if (published < events.size()) {
            refuse("the spool holds its most, " + maxBytes + " bytes (QR_SCAN_SPOOL_MB)", events.size() - published);
        } else if (refusing) {
            refusing = false;
            LOG.info("the scan spool takes events again");
        }
        return published;
    }

    /** Null if the disk has room for about {@code count} events, else why not. */
    private String roomFor(int count) {
        long usable;
        try {
            usable = disk.getUsableSpace();
        } catch (IOException e) {
            return "the free space of " + dir + " cannot be read (" + e.getMessage() + ")";
        }
        if (usable - (long) count * 256 < reserveBytes) {
            return "the disk of " + dir + " has " + usable + " bytes free (" + reserveBytes + " are left to the store)";
        }
        if (bytes.get() + RECORD_HEADER >= maxBytes) {
            return "the spool holds its most, " + maxBytes + " bytes (QR_SCAN_SPOOL_MB)";
        }
        return null;
    }

    private void refuse(String why, int count) {
        if (!refusing) {
            refusing = true;
            LOG.warning("the scan spool takes no events (scans that find the queue full are dropped, and counted): " + why);
        }
        dropped.add(count);
    }

    private void beginSegment() throws IOException {
        long seq = nextSeq++;
        Segment segment = new Segment(seq, dir.resolve(String.format("%016d%s", seq, SUFFIX)));
        activeChannel = FileChannel.open(segment.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        active = segment;
        activeSize = 0;
        out.put(MAGIC);
        segment.counted = MAGIC.length;
        bytes.addAndGet(MAGIC.length);
        segments.addLast(segment);
    }

    private void flushOut() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            activeSize += activeChannel.write(out);
        }
        out.clear();
    }

    private void publish() {
        if (active != null) {
            active.limit = activeSize;
        }
    }

    /** Closes the segment being written, if any: the reader may then delete it once read. Under writeLock. */
    private void closeActive() {
        if (active == null) {
            return;
        }
        try {
            activeChannel.close();
        } catch (IOException e) {
            // its published part was written; nothing else to save
        }
        active.closed = true;
        active = null;
        activeChannel = null;
    }

    /** After a failed write: the segment is cut back to its published limit and closed. Under writeLock. */
    private void abandonActive() {
        out.clear();
        if (active == null) {
            return;
        }
        try {
            activeChannel.truncate(active.limit);
        } catch (IOException e) {
            // the reader stops at the limit anyway; a later start meets the tail and skips it
        }
        activeSize = active.limit;
        closeActive();
    }

    /**
     * The next events in spool order, up to {@code max}; empty when none can be read now. Call
     * {@link #commit} once they are written, before the next read. The scan writer's thread only.
     */
    public List<ScanEvent> read(int max) {
        uncommitted = 0;
        List<ScanEvent> events = new ArrayList<>(Math.min(max, GROUP));
        while (true) {
            Segment head = segments.peekFirst();
            if (head == null) {
                return events;
            }
            boolean closed = head.closed;
            long limit = head.limit;
            if (reading != head && !startReading(head)) {
                if (!closed) {
                    return events; // this run's own segment: tried again at the next read
                }
                finish(head);
                continue;
            }
            readRecords(limit, max, events);
            if (!events.isEmpty() || !closed || readOffset < limit) {
                uncommitted = events.size();
                return events;
            }
            finish(head);
        }
    }

    /** Records that the events of the last {@link #read} are written; deletes their segment if they were its last. */
    public void commit() {
        replayed.add(uncommitted);
        uncommitted = 0;
        Segment head = reading;
        if (head == null) {
            return;
        }
        if (head.closed && readOffset >= head.limit) {
            finish(head);
        } else {
            writeCursor(head.seq, readOffset);
        }
    }

    private boolean startReading(Segment head) {
        closeReading();
        try {
            readChannel = FileChannel.open(head.path, StandardOpenOption.READ);
        } catch (IOException e) {
            LOG.warning("scan spool: cannot read " + head.path + " (" + e.getMessage() + ")" + (head.closed ? "; it is skipped" : ""));
            return false;
        }
        reading = head;
        readOffset = head.seq == cursorSeq ? cursorOffset : 0;
        return true;
    }

    /** Reads whole records from readOffset up to limit into events, at most max in all; skips the rest of a damaged segment. */
    private void readRecords(long limit, int max, List<ScanEvent> events) {
        Segment head = reading;
        try {
            if (readOffset == 0) {
                if (limit < MAGIC.length) {
                    if (head.closed && limit > 0) {
                        damaged(head, 0, limit, "no header");
                    }
                    return;
                }
                ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
                readFully(magic, 0);
                if (!Arrays.equals(magic.array(), MAGIC)) {
                    damaged(head, 0, limit, "not a spool segment");
                    return;
                }
                readOffset = MAGIC.length;
            }
            in.clear().limit(0);
            long bufferAt = readOffset;
            while (events.size() < max && readOffset < limit) {
                int at = (int) (readOffset - bufferAt);
                int available = in.limit() - at;
                boolean refill = available < RECORD_HEADER;
                if (!refill) {
                    int size = in.getInt(at);
                    refill = size > 0 && size <= MAX_RECORD && available < RECORD_HEADER + size;
                }
                if (refill) {
                    in.clear().limit((int) Math.min(in.capacity(), limit - readOffset));
                    readFully(in, readOffset);
                    bufferAt = readOffset;
                    at = 0;
                }
                if (limit - readOffset < RECORD_HEADER) {
                    damaged(head, readOffset, limit, "a record cut short");
                    return;
                }
                int size = in.getInt(at);
                int sum = in.getInt(at + 4);
                if (size <= 0 || size > MAX_RECORD || readOffset + RECORD_HEADER + size > limit) {
                    damaged(head, readOffset, limit, size <= 0 || size > MAX_RECORD ? "a bad record length" : "a record cut short");
                    return;
                }
                crc.reset();
                crc.update(in.array(), at + RECORD_HEADER, size);
                if ((int) crc.getValue() != sum) {
                    damaged(head, readOffset, limit, "a record that fails its checksum");
                    return;
                }
                ScanEvent event;
                try {
                    event = SpoolCodec.decode(ByteBuffer.wrap(in.array(), at + RECORD_HEADER, size).slice());
                } catch (IllegalArgumentException e) {
                    damaged(head, readOffset, limit, e.getMessage());
                    return;
                }
                events.add(event);
                readOffset += RECORD_HEADER + size;
            }
        } catch (IOException e) {
            damaged(head, readOffset, limit, "a read failed: " + e.getMessage());
        }
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (readChannel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ends early");
            }
        }
        buffer.flip();
    }

    private void damaged(Segment head, long at, long limit, String why) {
        LOG.warning("scan spool: " + head.path.getFileName() + " is damaged at byte " + at + " (" + why
                + ", as a crash mid-write leaves); its last " + (limit - at) + " bytes are skipped");
        readOffset = limit;
        if (!head.closed) {
            // this run's own segment: whatever follows would be read from a wrong place, so none is
            writeLock.lock();
            try {
                if (head == active) {
                    closeActive();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Deletes a segment read to its end. */
    private void finish(Segment head) {
        closeReading();
        segments.remove(head);
        try {
            Files.deleteIfExists(head.path);
        } catch (IOException e) {
            LOG.warning("scan spool: cannot delete " + head.path + " (" + e.getMessage() + ")");
        }
        bytes.addAndGet(-head.counted);
    }

    private void closeReading() {
        if (readChannel != null) {
            try {
                readChannel.close();
            } catch (IOException e) {
                // read-only
            }
        }
        readChannel = null;
        reading = null;
        readOffset = 0;
    }

    private void readCursor() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(20);
        while (buffer.hasRemaining() && cursor.read(buffer, buffer.position()) > 0) {
            // read on
        }
        if (buffer.position() < 20) {
            return;
        }
        CRC32 sum = new CRC32();
        sum.update(buffer.array(), 0, 16);
        if ((int) sum.getValue() == buffer.getInt(16)) {
            cursorSeq = buffer.getLong(0);
            cursorOffset = buffer.getLong(8);
        }
    }

    private void writeCursor(long seq, long offset) {
        cursorSeq = seq;
        cursorOffset = offset;
        ByteBuffer buffer = ByteBuffer.allocate(20).putLong(seq).putLong(offset);
        CRC32 sum = new CRC32();
        sum.update(buffer.array(), 0, 16);
        buffer.putInt((int) sum.getValue()).flip();
        try {
            while (buffer.hasRemaining()) {
                cursor.write(buffer, buffer.position());
            }
        } catch (IOException e) {
            LOG.warning("scan spool: cannot record the replay position (" + e.getMessage()
                    + "); a restart may write up to a batch of spooled scans twice");
        }
    }

    /** Events appended to the spool since start. */
    public long spooled() {
        return spooled.sum();
    }

    /** Spooled events (of this run or an earlier one) written to the store since start. */
    public long replayed() {
        return replayed.sum();
    }

    /** Events the spool could not take since start (full, off, the disk full or failing). */
    public long dropped() {
        return dropped.sum();
    }

    /** Bytes the segments take on disk, read ones not yet deleted included. */
    public long bytes() {
        return bytes.get();
    }

    /** Segment files on disk. */
    public int segments() {
        return segments.size();
    }

    /** Events handed to the spool and not yet appended. */
    public int pending() {
        return pending.size();
    }

    /** Whether it takes new events at all (a cap above 0). */
    public boolean enabled() {
        return maxBytes > 0;
    }

    /** Appends what is in hand, closes the segment being written, and stops; what is on disk is read back at the next start. */
    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        if (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writeLock.lock();
        try {
            closeActive();
        } finally {
            writeLock.unlock();
        }
        closeReading();
        try {
            cursor.close();
        } catch (IOException e) {
            // written positionally; nothing buffered
        }
    }
}
