package dev.qrly.core.batch;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.DestinationChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: batches, their rows and the outcome of each row.
 *
 * <p>A row's code and the row's record of it are written in one transaction
 * ({@link #commit}), so that a process stopped at any point leaves no code that its batch does
 * not list: a restart finds every row either done, with its code or error, or pending.
 */
public interface BatchStore {

    /**
     * Stores a new batch and all its rows, as they are (pending, or failed already); the batch's
     * counts are those of the rows given, whatever the batch says.
     */
    void insert(Batch batch, List<BatchRow> rows);

    /** The tenant's batch, with its counts of created and failed rows. */
    Optional<Batch> find(String tenantId, String id);

    /** The tenant's batches, newest first, at most {@code limit}. */
    List<Batch> list(String tenantId, int limit);

    /** Every batch still {@link Batch.Status#RUNNING}, of any tenant, oldest first: what a restart resumes. */
    List<Batch> running();

    /** The batch's rows with {@code row >= fromRow}, in row order, at most {@code limit}. */
    List<BatchRow> rows(String batchId, int fromRow, int limit);

    /** The batch's rows that failed, in row order, at most {@code limit}. */
    List<BatchRow> failedRows(String batchId, int limit);

    /** A row's outcome to record: a code to store with its first history entry, or an error. */
    record Outcome(int row, Code code, DestinationChange first, RowError error) {
        public static Outcome created(int row, Code code, DestinationChange first) {
            return new Outcome(row, code, first, null);
        }

        public static Outcome failed(int row, RowError error) {
            return new Outcome(row, null, null, error);
        }
    }

    /**
     * Records outcomes of pending rows in one transaction: each code is stored (with its tags and
     * first history entry) and its row marked with its id; each error is recorded on its row. A
     * code whose slug key is taken, by any code ever, is not stored and its row records a
     * {@code slug_taken} error on {@code slug}. A row that has an outcome already is left as it is.
     *
     * @return the rows whose code was not stored because its id is taken, or because its generated
     *     slug (its id) is another code's slug: still pending, for the caller to draw new ids
     */
    List<Integer> commit(String batchId, List<Outcome> outcomes);

    /** Marks the batch done, or failed with {@code failure}; its rows stay as they are. */
    void finish(String batchId, Batch.Status status, Instant at, String failure);
}
