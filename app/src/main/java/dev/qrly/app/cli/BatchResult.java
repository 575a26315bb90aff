package dev.qrly.app.cli;

import java.util.List;

/**
 * What a batch made, once its archive is written.
 *
 * @param total the batch's rows
 * @param created the rows that made a code
 * @param failed the rows that did not
 * @param listed failed rows with their reasons, in row order: all of them, or the first ones when
 *     the service lists no more (the archive's manifest has every row)
 */
record BatchResult(int total, int created, int failed, List<FailedRow> listed) {

    BatchResult {
        listed = List.copyOf(listed);
    }

    /**
     * A row that made no code.
     *
     * @param row the row's number, from 1
     * @param line the CSV line it starts on, or 0 if unknown
     * @param field the row's field at fault, or null for the row as a whole
     * @param message why; not null
     */
    record FailedRow(int row, int line, String field, String message) {

        /** {@code row 7 (line 8): destination: …}, the form printed for each failed row. */
        String describe() {
            return "row " + row + (line > 0 ? " (line " + line + ")" : "") + ": " + (field == null ? "" : field + ": ") + message;
        }
    }
}
