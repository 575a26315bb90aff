package dev.qrly.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on real files, with the real spool and writer threads. */
class ScanSpoolTest {

    @TempDir
    Path dir;

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final Logger spoolLog = Logger.getLogger(ScanSpool.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureWarnings() {
        spoolLog.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        spoolLog.removeHandler(capture);
    }

    /** Takes batches once its gate opens; can be made to fail; keeps what it took in order. */
    static final class SlowSink implements ScanSink {
        final List<ScanEvent> stored = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failing;

        @Override
        public void write(List<ScanEvent> batch) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new IllegalStateException("store down");
            }
            stored.addAll(batch);
        }
    }

    /** Event {@code i}: its number is in its code and its id, so order and identity can be checked. */
    static ScanEvent event(int i) {
        return new ScanEvent(new UUID(0x0190_0000_0000_7000L, i), "CODE" + i, "tenant", Instant.ofEpochSecond(1_800_000_000L, i * 1_000L),
                "203.0.113." + (i % 250), i % 3 == 0 ? null : "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1",
                i % 5 == 0 ? "https://news.example/" : null, i % 2 == 0 ? "fr-FR,fr;q=0.9" : null,
                i % 4 == 0 ? ScanSource.LINK : ScanSource.QR, i % 7 == 0, i % 11 == 0,
                i % 13 == 0 ? ScanEvent.Outcome.GONE : ScanEvent.Outcome.REDIRECTED, i % 3 == 1 ? "b" : null, i % 17 == 0);
    }

    private static int number(ScanEvent event) {
        return (int) event.id().getLeastSignificantBits();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "never happened: " + what);
            Thread.sleep(5);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(ScanSpool.SUFFIX)).sorted().toList();
        }
    }

    /** Everything the spool holds, read and committed batch by batch. */
    private static List<ScanEvent> readAll(ScanSpool spool, int batch) {
        List<ScanEvent> all = new ArrayList<>();
        while (true) {
            List<ScanEvent> events = spool.read(batch);
            if (events.isEmpty()) {
                return all;
            }
            all.addAll(events);
            spool.commit();
        }
    }

    /** Spools events 0 until count with the spool's own thread, and closes it. */
    private void spoolEvents(int count, long segmentBytes) throws InterruptedException {
        try (ScanSpool spool = ScanSpool.open(dir, 1L << 30, segmentBytes, 0, 100_000)) {
            for (int i = 0; i < count; i++) {
                assertTrue(spool.offer(event(i)));
            }
            await(() -> spool.spooled() == count, "every event spooled");
        }
    }

    @Test
    void codec_roundTripsEveryField() {
        SpoolCodec codec = new SpoolCodec();
        for (int i = 0; i < 200; i++) {
            ScanEvent event = event(i);
            codec.encode(event);
            assertEquals(event, SpoolCodec.decode(ByteBuffer.wrap(codec.bytes(), 0, codec.size()).slice()));
        }
    }

    @Test
    void offer_fullQueue_isSpooled_andWrittenLater_nothingDropped() throws Exception {
        SlowSink sink = new SlowSink();
        sink.gate = new CountDownLatch(1); // the store is slow: the writer is stuck on its first batch
        ScanQueue queue = new ScanQueue(sink, 100, 50, Duration.ofMillis(1), ScanSpool.open(dir, 1L << 30), Duration.ofSeconds(5));
        for (int i = 0; i < 5_000; i++) {
            assertTrue(queue.offer(event(i)), "event " + i + " taken");
        }
        await(() -> queue.spool().spooled() >= 5_000 - 150, "the overflow spooled");
        assertEquals(0, queue.dropped());
        assertFalse(segmentFiles().isEmpty(), "on disk");

        sink.gate.countDown();
        await(() -> sink.stored.size() == 5_000, "every event written");
        await(() -> queue.spool().segments() == 0, "the read segments deleted");
        queue.close();

        assertEquals(5_000, queue.written());
        assertEquals(0, queue.dropped());
        assertEquals(queue.spool().spooled(), queue.spool().replayed());
        assertEquals(5_000, sink.stored.stream().map(ScanSpoolTest::number).distinct().count(), "each once");
        assertTrue(segmentFiles().isEmpty());
    }

    @Test
    void read_givesEventsInSpoolOrder_acrossSegments() throws Exception {
        spoolEvents(3_000, 16 * 1024);
        assertTrue(segmentFiles().size() > 5, "several segments: " + segmentFiles());
        try (ScanSpool spool = ScanSpool.open(dir, 1L << 30)) {
            List<ScanEvent> all = readAll(spool, 100);
            assertEquals(3_000, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(event(i), all.get(i));
            }
            assertEquals(3_000, spool.replayed());
            assertEquals(0, spool.segments());
            assertEquals(0, spool.bytes());
        }
        assertTrue(segmentFiles().isEmpty());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void tornTail_isSkippedWithOneWarning_andTheRestReplayed() throws Exception {
        spoolEvents(3_000, 16 * 1024);
        List<Path> files = segmentFiles();
        Path torn = files.get(1);
        long size = Files.size(torn);
        int inFirst;
        try (ScanSpool spool = ScanSpool.open(dir, 0)) { // how many the first holds, to know which are lost
            inFirst = spool.read(100_000).size();
        }
        Files.delete(dir.resolve(ScanSpool.CURSOR)); // that read was a look, not a replay
        try (RandomAccessFile file = new RandomAccessFile(torn.toFile(), "rw")) {
            file.setLength(size - 7); // a crash cut its last write short
        }

        try (ScanSpool spool = ScanSpool.open(dir, 1L << 30)) {
            List<ScanEvent> all = readAll(spool, 64);
            List<Integer> numbers = all.stream().map(ScanSpoolTest::number).toList();
            assertEquals(3_000 - 1, all.size(), "only the torn record is lost");
            int lost = 0;
            while (lost < numbers.size() && numbers.get(lost) == lost) {
                lost++;
            }
            assertTrue(lost > inFirst, "the first segment whole, the torn one up to its last record: lost " + lost);
            for (int i = lost; i < numbers.size(); i++) {
                assertEquals(i + 1, numbers.get(i), "in order after it");
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(torn.getFileName() + " is damaged at byte "), warnings.get(0));
            assertEquals(0, spool.segments());
        }
        assertTrue(segmentFiles().isEmpty());
    }

    @Test
    void corruptRecord_skipsTheRestOfItsSegment_andReadsTheNext() throws Exception {
        spoolEvents(3_000, 16 * 1024);
        List<Path> files = segmentFiles();
        Path damaged = files.get(0);
        int inFirst;
        try (ScanSpool spool = ScanSpool.open(dir, 0)) {
            inFirst = spool.read(100_000).size();
        }
        Files.delete(dir.resolve(ScanSpool.CURSOR));
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
            long at = Files.size(damaged) / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x5A); // one flipped byte in the middle of a record
        }

        try (ScanSpool spool = ScanSpool.open(dir, 1L << 30)) {
            List<ScanEvent> all = readAll(spool, 500);
            List<Integer> numbers = all.stream().map(ScanSpoolTest::number).toList();
            int kept = (int) numbers.stream().filter(n -> n < inFirst).count();
            assertTrue(kept > 0 && kept < inFirst, "the records before the damage are read, those from it are not: " + kept);
            assertEquals(3_000 - inFirst, numbers.stream().filter(n -> n >= inFirst).count(), "every later segment whole");
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(i < kept ? i : inFirst + i - kept, numbers.get(i), "in order");
            }
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("checksum") || warnings.get(0).contains("record"), warnings.get(0));
        }
    }

    @Test
    void segmentsOfAnEarlierRun_areReplayedAtStart() throws Exception {
        spoolEvents(2_000, ScanSpool.SEGMENT_BYTES);
        SlowSink sink = new SlowSink();
        ScanQueue queue = new ScanQueue(sink, 1_000, 256, Duration.ofMillis(5), ScanSpool.open(dir, 1L << 30), Duration.ofSeconds(5));
        await(() -> sink.stored.size() == 2_000, "the earlier run's events written");
        queue.close();
        for (int i = 0; i < 2_000; i++) {
            assertEquals(event(i), sink.stored.get(i));
        }
        assertEquals(2_000, queue.spool().replayed());
        assertTrue(segmentFiles().isEmpty());
    }

    @Test
    void commit_isKeptAcrossAStop_soNoEventIsWrittenTwice() throws Exception {
        spoolEvents(1_000, ScanSpool.SEGMENT_BYTES);
        try (ScanSpool spool = ScanSpool.open(dir, 1L << 30)) {
            assertEquals(300, spool.read(300).size());
            spool.commit();
            assertEquals(200, spool.read(200).size()); // read, but the stop came before it was written
        }
        try (ScanSpool spool = ScanSpool.open(dir, 1L << 30)) {
            List<ScanEvent> rest = readAll(spool, 1_000);
            assertEquals(700, rest.size());
            assertEquals(event(300), rest.get(0));
        }
    }

    @Test
    void cap_reached_dropsAndCounts_andTheRestIsWritten() throws Exception {
        SlowSink sink = new SlowSink();
        sink.gate = new CountDownLatch(1);
        ScanQueue queue = new ScanQueue(sink, 100, 50, Duration.ofMillis(1), ScanSpool.open(dir, 20_000, 8 * 1024, 0, 100_000),
                Duration.ofSeconds(5));
        for (int i = 0; i < 2_000; i++) {
            queue.offer(event(i));
        }
        await(() -> queue.spool().pending() == 0 && queue.spool().spooled() + queue.spool().dropped() >= 2_000 - 150,
                "the overflow spooled or dropped");
        long spooled = queue.spool().spooled();
        assertTrue(spooled > 0 && queue.dropped() > 0, "spooled " + spooled + ", dropped " + queue.dropped());
        assertTrue(queue.spool().bytes() <= 20_000, "within the cap: " + queue.spool().bytes());
        assertEquals(1, warnings.size(), "one warning a spell: " + warnings);
        assertTrue(warnings.get(0).contains("holds its most"), warnings.get(0));

        sink.gate.countDown();
        long taken = 2_000 - queue.dropped();
        await(() -> sink.stored.size() == taken, "every event taken is written");
        queue.close();
        assertEquals(taken, queue.written());
    }

    @Test
    void spoolOff_dropsAsBefore_butReplaysWhatAnEarlierRunLeft() throws Exception {
        spoolEvents(500, ScanSpool.SEGMENT_BYTES);
        SlowSink sink = new SlowSink();
        ScanQueue queue = new ScanQueue(sink, 100, 50, Duration.ofMillis(1), ScanSpool.open(dir, 0), Duration.ofSeconds(5));
        await(() -> sink.stored.size() == 500, "the earlier run's events written");
        sink.gate = new CountDownLatch(1);
        int accepted = 0;
        for (int i = 0; i < 1_000; i++) {
            // let the writer take its batch and block, so that the queue is full
            accepted += queue.offer(event(10_000 + i)) ? 1 : 0;
        }
        assertEquals(1_000 - accepted, queue.dropped());
        assertTrue(queue.dropped() > 0);
        sink.gate.countDown();
        queue.close();
        assertEquals(0, queue.spool().spooled());
    }

    @Test
    void close_storeDown_spoolsWhatItCannotWrite_forTheNextStart() throws Exception {
        SlowSink down = new SlowSink();
        down.failing = true;
        ScanQueue first = new ScanQueue(down, 10_000, 100, Duration.ofMillis(5), ScanSpool.open(dir, 1L << 30), Duration.ofMillis(300));
        for (int i = 0; i < 1_000; i++) {
            assertTrue(first.offer(event(i)));
        }
        first.close();
        assertEquals(1_000, first.spilledAtStop());
        assertEquals(0, first.unwritten());
        assertEquals(0, first.dropped());
        assertFalse(segmentFiles().isEmpty());

        SlowSink up = new SlowSink();
        ScanQueue second = new ScanQueue(up, 10_000, 100, Duration.ofMillis(5), ScanSpool.open(dir, 1L << 30), Duration.ofSeconds(5));
        await(() -> up.stored.size() == 1_000, "the spooled events written at the next start");
        second.close();
        assertEquals(1_000, up.stored.stream().map(ScanSpoolTest::number).distinct().count());
        assertTrue(segmentFiles().isEmpty());
    }

    @Test
    void close_storeDown_fullDisk_countsThemNotWritten() throws Exception {
        SlowSink down = new SlowSink();
        down.failing = true;
        // a reserve larger than any disk: the spool finds no room, as on a full disk
        ScanQueue queue = new ScanQueue(down, 10_000, 100, Duration.ofMillis(5),
                ScanSpool.open(dir, 1L << 30, ScanSpool.SEGMENT_BYTES, Long.MAX_VALUE / 2, 1_000), Duration.ofMillis(300));
        for (int i = 0; i < 700; i++) {
            assertTrue(queue.offer(event(i)));
        }
        queue.close();
        assertEquals(0, queue.spilledAtStop());
        assertEquals(700, queue.unwritten());
        assertEquals(0, queue.dropped(), "taken, then not written: not a drop");
        assertTrue(segmentFiles().isEmpty());
    }

    @Test
    void fullDisk_spoolTakesNothing_dropsAreCounted_andTheQueueGoesOn() throws Exception {
        SlowSink sink = new SlowSink();
        sink.gate = new CountDownLatch(1);
        ScanQueue queue = new ScanQueue(sink, 100, 50, Duration.ofMillis(1),
                ScanSpool.open(dir, 1L << 30, ScanSpool.SEGMENT_BYTES, Long.MAX_VALUE / 2, 100_000), Duration.ofSeconds(5));
        for (int i = 0; i < 1_000; i++) {
            queue.offer(event(i));
        }
        await(() -> queue.spool().pending() == 0 && queue.dropped() >= 1_000 - 150, "the overflow refused");
        assertEquals(0, queue.spool().spooled());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("bytes free"), warnings.get(0));
        sink.gate.countDown();
        long taken = 1_000 - queue.dropped();
        await(() -> sink.stored.size() == taken, "the queued events written");
        assertTrue(queue.offer(event(5_000)), "the queue takes events again");
        queue.close();
        assertEquals(taken + 1, sink.stored.size());
    }
}
