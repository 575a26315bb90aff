package dev.qrly.core;

import static dev.qrly.core.StoreSamples.T0;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.TENANT_B;
import static dev.qrly.core.StoreSamples.code;
import static dev.qrly.core.StoreSamples.firstChange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.batch.Batch;
import dev.qrly.core.batch.BatchItem;
import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.batch.BatchRow;
import dev.qrly.core.batch.BatchStore;
import dev.qrly.core.batch.BatchStore.Outcome;
import dev.qrly.core.batch.RowError;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.engine.ErrorCorrection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BatchStore}: batches, their rows, and codes stored together with their rows' outcomes. */
public interface BatchStoreContract extends StorageFixture {

    BatchOptions OPTIONS = new BatchOptions(List.of(ImageFormat.PNG, ImageFormat.PDF), List.of(600, 300), ErrorCorrection.Q,
            new CodeStyle("#1B2A6B", null, 2), List.of("campaign", "Größe"));

    private BatchStore batches() {
        return storage().batches();
    }

    @BeforeEach
    default void givenTwoTenants() {
        givenTenants(TENANT_A, TENANT_B);
    }

    static Batch batch(String id, String tenantId, int total, int minute) {
        return new Batch(id, tenantId, "qk_batch", Batch.Status.RUNNING, total, 0, 0, OPTIONS, T0.plusSeconds(60L * minute), null, null);
    }

    static List<BatchRow> rows(int n) {
        List<BatchRow> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(BatchRow.pending(i, i + 1, new BatchItem("https://example.com/" + i, i % 2 == 0 ? "slug-" + i : null,
                    i == 1 ? "Tisch « 1 »" : null, i == 1 ? List.of("a", "b c") : List.of())));
        }
        return rows;
    }

    @Test
    default void insert_thenFind_roundTripsEverythingWithCounts() {
        List<BatchRow> rows = new ArrayList<>(rows(3));
        rows.set(2, rows.get(2).withError(new RowError(null, "invalid_row", "too many values")));
        batches().insert(batch("BATCH0000001", TENANT_A, 3, 0), rows);

        Batch found = batches().find(TENANT_A, "BATCH0000001").orElseThrow();

        assertEquals(new Batch("BATCH0000001", TENANT_A, "qk_batch", Batch.Status.RUNNING, 3, 0, 1, OPTIONS, T0, null, null), found);
        assertEquals(rows, batches().rows("BATCH0000001", 1, 10));
        assertEquals(List.of(rows.get(2)), batches().failedRows("BATCH0000001", 10));
    }

    @Test
    default void find_anotherTenantsBatch_isEmpty() {
        batches().insert(batch("BATCH0000001", TENANT_A, 1, 0), rows(1));

        assertEquals(Optional.empty(), batches().find(TENANT_B, "BATCH0000001"));
        assertEquals(Optional.empty(), batches().find(TENANT_A, "NOSUCHBATCH1"));
        assertEquals(List.of(), batches().list(TENANT_B, 10));
    }

    @Test
    default void list_newestFirstWithLimit_andRunningOldestFirst() {
        batches().insert(batch("BATCH0000001", TENANT_A, 1, 1), rows(1));
        batches().insert(batch("BATCH0000002", TENANT_A, 1, 3), rows(1));
        batches().insert(batch("BATCH0000003", TENANT_B, 1, 2), rows(1));
        batches().finish("BATCH0000002", Batch.Status.DONE, T0.plusSeconds(500), null);

        assertEquals(List.of("BATCH0000002", "BATCH0000001"), batches().list(TENANT_A, 10).stream().map(Batch::id).toList());
        assertEquals(List.of("BATCH0000002"), batches().list(TENANT_A, 1).stream().map(Batch::id).toList());
        assertEquals(List.of("BATCH0000001", "BATCH0000003"), batches().running().stream().map(Batch::id).toList());
    }

    @Test
    default void rows_fromRowWithLimit_areInRowOrder() {
        batches().insert(batch("BATCH0000001", TENANT_A, 7, 0), rows(7));

        assertEquals(List.of(3, 4, 5), batches().rows("BATCH0000001", 3, 3).stream().map(BatchRow::row).toList());
        assertEquals(List.of(7), batches().rows("BATCH0000001", 7, 3).stream().map(BatchRow::row).toList());
        assertEquals(List.of(), batches().rows("BATCH0000001", 8, 3));
    }

    @Test
    default void commit_storesCodesAndMarksTheirRowsInOneGo() {
        batches().insert(batch("BATCH0000001", TENANT_A, 3, 0), rows(3));
        Code one = code(TENANT_A, 1).tags("x").build();
        Code two = code(TENANT_A, 2).build();
        RowError bad = new RowError("destination", "invalid_field", "destination must be an http or https URL");

        List<Integer> retry = batches().commit("BATCH0000001", List.of(Outcome.created(1, one, firstChange(one)),
                Outcome.failed(2, bad), Outcome.created(3, two, firstChange(two))));

        assertEquals(List.of(), retry);
        assertEquals(Optional.of(one), storage().codes().find(TENANT_A, one.id()));
        assertEquals(List.of(firstChange(two)), storage().codes().history(TENANT_A, two.id()));
        List<BatchRow> stored = batches().rows("BATCH0000001", 1, 10);
        assertEquals(one.id(), stored.get(0).codeId());
        assertEquals(bad, stored.get(1).error());
        assertEquals(two.id(), stored.get(2).codeId());
        Batch batch = batches().find(TENANT_A, "BATCH0000001").orElseThrow();
        assertEquals(2, batch.created());
        assertEquals(1, batch.failed());
        assertEquals(3, batch.done());
    }

    @Test
    default void commit_slugTakenByAnyCode_failsThatRowAlone() {
        Code existing = given(code(TENANT_B, 1).slug("Lunch").build());
        batches().insert(batch("BATCH0000001", TENANT_A, 2, 0), rows(2));
        Code clash = code(TENANT_A, 2).slug("LUNCH").build();
        Code fine = code(TENANT_A, 3).build();

        List<Integer> retry = batches().commit("BATCH0000001", List.of(Outcome.created(1, clash, firstChange(clash)),
                Outcome.created(2, fine, firstChange(fine))));

        assertEquals(List.of(), retry);
        List<BatchRow> stored = batches().rows("BATCH0000001", 1, 10);
        assertNull(stored.get(0).codeId());
        assertEquals("slug", stored.get(0).error().field());
        assertEquals("slug_taken", stored.get(0).error().code());
        assertEquals(fine.id(), stored.get(1).codeId());
        assertEquals(Optional.of(existing), storage().codes().findBySlugKey("LUNCH"));
        assertEquals(Optional.empty(), storage().codes().find(TENANT_A, clash.id()));
    }

    @Test
    default void commit_idTaken_leavesRowPendingForAnotherDraw() {
        Code existing = given(code(TENANT_B, 1).build());
        batches().insert(batch("BATCH0000001", TENANT_A, 1, 0), rows(1));
        Code sameId = code(TENANT_A, 1).slug("other-slug").build();

        assertEquals(List.of(1), batches().commit("BATCH0000001", List.of(Outcome.created(1, sameId, firstChange(sameId)))));

        assertTrue(batches().rows("BATCH0000001", 1, 1).get(0).pending());
        assertEquals(Optional.of(existing), storage().codes().find(TENANT_B, existing.id()));
        Code redrawn = code(TENANT_A, 2).slug("other-slug").build();
        assertEquals(List.of(), batches().commit("BATCH0000001", List.of(Outcome.created(1, redrawn, firstChange(redrawn)))));
        assertEquals(redrawn.id(), batches().rows("BATCH0000001", 1, 1).get(0).codeId());
    }

    @Test
    default void commit_drawnIdThatIsAnotherCodesVanitySlug_leavesRowPendingForAnotherDraw() {
        given(code(TENANT_B, 1).slug(StoreSamples.id(7)).build());
        batches().insert(batch("BATCH0000001", TENANT_A, 1, 0), rows(1));
        Code generated = code(TENANT_A, 7).slug(StoreSamples.id(7)).build();

        assertEquals(List.of(1), batches().commit("BATCH0000001", List.of(Outcome.created(1, generated, firstChange(generated)))));

        assertTrue(batches().rows("BATCH0000001", 1, 1).get(0).pending());
        assertEquals(Optional.empty(), storage().codes().find(TENANT_A, generated.id()));
    }

    @Test
    default void commit_rowDoneAlready_isLeftAsItIs() {
        batches().insert(batch("BATCH0000001", TENANT_A, 1, 0), rows(1));
        Code first = code(TENANT_A, 1).build();
        batches().commit("BATCH0000001", List.of(Outcome.created(1, first, firstChange(first))));
        Code again = code(TENANT_A, 2).build();

        batches().commit("BATCH0000001", List.of(Outcome.created(1, again, firstChange(again)),
                Outcome.failed(1, new RowError(null, "x", "y"))));

        assertEquals(first.id(), batches().rows("BATCH0000001", 1, 1).get(0).codeId());
        assertEquals(Optional.empty(), storage().codes().find(TENANT_A, again.id()));
    }

    @Test
    default void finish_failed_keepsRowsAndSurvivesReopen() {
        batches().insert(batch("BATCH0000001", TENANT_A, 2, 0), rows(2));
        Code one = code(TENANT_A, 1).build();
        batches().commit("BATCH0000001", List.of(Outcome.created(1, one, firstChange(one))));

        batches().finish("BATCH0000001", Batch.Status.FAILED, T0.plusSeconds(9), "disk full; 1 of 2 rows were done");
        Storage again = reopen();

        Batch batch = again.batches().find(TENANT_A, "BATCH0000001").orElseThrow();
        assertEquals(Batch.Status.FAILED, batch.status());
        assertEquals(T0.plusSeconds(9), batch.finishedAt());
        assertEquals("disk full; 1 of 2 rows were done", batch.failure());
        assertEquals(1, batch.created());
        assertEquals(List.of(), again.batches().running());
        assertEquals(one.id(), again.batches().rows("BATCH0000001", 1, 2).get(0).codeId());
        assertTrue(again.batches().rows("BATCH0000001", 1, 2).get(1).pending());
    }
}
