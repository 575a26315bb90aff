package dev.qrly.core.batch;

import java.util.Objects;

/**
 * One row of a batch and, once it has one, its outcome: the code made from it or the error that
 * stopped it. A row has at most one of the two; with neither it is still pending.
 *
 * @param row the row's number in the batch, from 1 (the first row after a CSV header)
 * @param line the line of the CSV file the row starts on, or 0 for JSON
 * @param item what the caller sent; not null
 * @param codeId the id of the code made from the row, or null
 * @param error why the row made no code, or null
 */
public record BatchRow(int row, int line, BatchItem item, String codeId, RowError error) {

    public BatchRow {
        if (row < 1) {
            throw new IllegalArgumentException("row numbers start at 1, not " + row);
        }
        Objects.requireNonNull(item, "item");
        if (codeId != null && error != null) {
            throw new IllegalArgumentException("row " + row + " has both a code and an error");
        }
    }

    /** A row not processed yet. */
    public static BatchRow pending(int row, int line, BatchItem item) {
        return new BatchRow(row, line, item, null, null);
    }

    public boolean pending() {
        return codeId == null && error == null;
    }

    public BatchRow withCode(String id) {
        return new BatchRow(row, line, item, Objects.requireNonNull(id, "id"), null);
    }

    public BatchRow withError(RowError e) {
        return new BatchRow(row, line, item, null, Objects.requireNonNull(e, "error"));
    }
}
