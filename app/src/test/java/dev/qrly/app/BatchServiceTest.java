package dev.qrly.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import dev.qrly.core.batch.Batch;
import dev.qrly.core.batch.BatchItem;
import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.batch.BatchRow;
import dev.qrly.core.batch.BatchService;
import dev.qrly.core.batch.BatchStore;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeService;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.Destinations;
import dev.qrly.core.code.NewCode;
import dev.qrly.core.code.ShortLinks;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.tenant.Principal;
import dev.qrly.core.tenant.Tenant;
import dev.qrly.engine.ErrorCorrection;
import dev.qrly.store.sqlite.SqliteStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BatchService} on the real SQLite store, driven to the states a live service reaches only
 * by chance: a batch still running, one a crash left half done, one whose archive cannot be written.
 */
class BatchServiceTest {

    private static final Principal OWNER = new Principal("TENANT01", "qk_owner", false);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private SqliteStorage storage;
    private CodeService codes;
    private BatchService batches;

    @BeforeEach
    void open() {
        storage = SqliteStorage.open(dir.resolve("qrly.db"));
        storage.tenants().insertTenant(new Tenant(OWNER.tenantId(), "owner", clock.instant()));
        codes = new CodeService(storage.codes(), new Destinations(Set.of()), code -> { }, clock, new SecureRandom());
        batches = service(dir.resolve("batches"));
    }

    private BatchService service(Path archives) {
        return new BatchService(storage.batches(), codes, new ImageService(storage.images(), ImageService.newKey(new SecureRandom()), 1 << 20),
                new ShortLinks("http://localhost:8080/r/"), archives, clock, new SecureRandom(), 2);
    }

    @AfterEach
    void close() {
        batches.close();
        storage.close();
    }

    private static List<BatchRow> rows(int n) {
        List<BatchRow> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(BatchRow.pending(i, i + 1, new BatchItem("https://example.com/" + i, null, "Row " + i, List.of())));
        }
        return rows;
    }

    private Batch stored(String id, int total) {
        Batch batch = new Batch(id, OWNER.tenantId(), OWNER.keyPrefix(), Batch.Status.RUNNING, total, 0, 0, BatchOptions.defaults(),
                clock.instant(), null, null);
        storage.batches().insert(batch, rows(total));
        return batch;
    }

    private Batch await(String id) throws InterruptedException {
        for (int i = 0; i < 3_000; i++) {
            Batch batch = batches.get(OWNER, id);
            if (batch.status() != Batch.Status.RUNNING) {
                return batch;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("batch " + id + " did not finish");
    }

    /** Every code of the owner, paged through. */
    private int countCodes() {
        int count = 0;
        CodeQuery.Cursor cursor = null;
        while (true) {
            CodeService.Page page = codes.list(OWNER, new CodeQuery(CodeQuery.MAX_LIMIT, cursor, null, null));
            count += page.codes().size();
            if (page.next().isEmpty()) {
                return count;
            }
            cursor = page.next().get();
        }
    }

    @Test
    void archive_whileRunningOrFailed_isAConflictThatSaysWhy() {
        stored("RUNNINGBATCH", 3);
        DomainException running = assertThrows(DomainException.class, () -> batches.archive(OWNER, "RUNNINGBATCH"));
        assertEquals(DomainException.Kind.CONFLICT, running.kind());
        assertEquals("batch_running", running.code());
        assertTrue(running.getMessage().contains("0 of 3 rows done"), running.getMessage());

        storage.batches().finish("RUNNINGBATCH", Batch.Status.FAILED, clock.instant(), "the disk is full");
        DomainException failed = assertThrows(DomainException.class, () -> batches.archive(OWNER, "RUNNINGBATCH"));
        assertEquals("batch_failed", failed.code());
        assertTrue(failed.getMessage().contains("the disk is full"));

        DomainException other = assertThrows(DomainException.class,
                () -> batches.archive(new Principal("TENANT02", "qk_other", false), "RUNNINGBATCH"));
        assertEquals(DomainException.Kind.NOT_FOUND, other.kind());
    }

    @Test
    void resume_batchACrashLeftHalfDone_makesOnlyTheRestAndArchivesEveryRow() throws Exception {
        stored("HALFDONEBTCH", 250);
        // what a process that died mid-batch leaves: the first 120 rows stored with their codes, the rest pending
        List<BatchStore.Outcome> before = new ArrayList<>();
        List<String> earlierIds = new ArrayList<>();
        for (BatchRow row : rows(120)) {
            Code code = codes.prepare(OWNER, new NewCode(row.item().destination(), null, row.item().label(), List.of(), null, null,
                    ErrorCorrection.M, dev.qrly.core.code.CodeStyle.DEFAULT));
            earlierIds.add(code.id());
            before.add(BatchStore.Outcome.created(row.row(), code, new DestinationChange(code.destination(), code.createdAt(), "qk_owner")));
        }
        assertEquals(List.of(), storage.batches().commit("HALFDONEBTCH", before));

        assertEquals(1, batches.resume());
        Batch done = await("HALFDONEBTCH");

        assertEquals(Batch.Status.DONE, done.status());
        assertEquals(250, done.created());
        assertEquals(250, countCodes(), "no row made a second code");
        Path archive = batches.archive(OWNER, "HALFDONEBTCH");
        List<CSVRecord> manifest = BatchArchives.manifest(BatchArchives.unzip(archive));
        assertEquals(250, manifest.size());
        for (int i = 0; i < 120; i++) {
            assertEquals(earlierIds.get(i), manifest.get(i).get("id"), "row " + (i + 1) + " keeps the code made before the crash");
        }
        assertEquals(List.of(), Files.list(dir.resolve("batches")).filter(p -> p.toString().endsWith(".part")).toList());
    }

    @Test
    void archiveCannotBeWritten_batchFailsSayingWhatWasDone() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("not-a-directory"), "x");
        batches.close();
        batches = service(dir.resolve("archives"));
        Files.delete(dir.resolve("archives"));
        Files.move(notADirectory, dir.resolve("archives"));

        Batch accepted = batches.submit(OWNER, rows(5), BatchOptions.defaults());
        Batch failed = await(accepted.id());

        assertEquals(Batch.Status.FAILED, failed.status());
        assertTrue(failed.failure().startsWith("the archive could not be written"), failed.failure());
        assertTrue(failed.failure().contains("0 of 5 rows were done"), failed.failure());
        assertEquals(0, countCodes(), "no code exists that the batch does not list");
    }

    @Test
    void archive_missingFromThisDataDirectory_isWrittenAgainFromTheStore_sameFilesAndManifest() throws Exception {
        Batch accepted = batches.submit(OWNER, rows(130), BatchOptions.defaults());
        assertEquals(Batch.Status.DONE, await(accepted.id()).status());
        Map<String, byte[]> ran = BatchArchives.unzip(batches.archive(OWNER, accepted.id()));

        // another instance on the same store, with a data directory of its own
        BatchService other = service(dir.resolve("other-instance"));
        try {
            Path rebuilt = other.archive(OWNER, accepted.id());

            assertTrue(rebuilt.startsWith(dir.resolve("other-instance")), rebuilt.toString());
            Map<String, byte[]> again = BatchArchives.unzip(rebuilt);
            assertEquals(ran.keySet(), again.keySet());
            for (Map.Entry<String, byte[]> file : ran.entrySet()) {
                assertArrayEquals(file.getValue(), again.get(file.getKey()), file.getKey());
            }
            assertEquals(Batch.Status.DONE, other.get(OWNER, accepted.id()).status());
            assertEquals(130, countCodes(), "writing the archive again makes no code");
            assertEquals(List.of(), Files.list(dir.resolve("other-instance")).filter(p -> p.toString().endsWith(".part")).toList());
        } finally {
            other.close();
        }
    }

    @Test
    void resume_byTwoInstancesAtOnce_eachRowGetsOneCode_andBothArchivesListTheSame() throws Exception {
        stored("TWICEBATCH01", 400);
        // two instances on one store whose lease backend is down: both take the batch up
        BatchService other = service(dir.resolve("other-instance"));
        try {
            assertEquals(1, batches.resume());
            assertEquals(1, other.resume());
            assertEquals(Batch.Status.DONE, await("TWICEBATCH01").status());
            for (int i = 0; i < 3_000 && Files.notExists(dir.resolve("other-instance/TWICEBATCH01.zip")); i++) {
                Thread.sleep(10);
            }

            assertEquals(400, countCodes(), "no row made a second code");
            assertEquals(400, storage.batches().find(OWNER.tenantId(), "TWICEBATCH01").orElseThrow().created());
            List<String> here = BatchArchives.manifest(BatchArchives.unzip(batches.archive(OWNER, "TWICEBATCH01"))).stream()
                    .map(line -> line.get("id")).toList();
            List<String> there = BatchArchives.manifest(BatchArchives.unzip(other.archive(OWNER, "TWICEBATCH01"))).stream()
                    .map(line -> line.get("id")).toList();
            assertEquals(here, there);
            assertEquals(400, new java.util.HashSet<>(here).size());
        } finally {
            other.close();
        }
    }
}
