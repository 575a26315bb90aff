package dev.qrly.store.postgres;

import static dev.qrly.store.postgres.Rows.instant;
import static dev.qrly.store.postgres.Rows.setInstant;

import dev.qrly.core.batch.Batch;
import dev.qrly.core.batch.BatchItem;
import dev.qrly.core.batch.BatchOptions;
import dev.qrly.core.batch.BatchRow;
import dev.qrly.core.batch.BatchStore;
import dev.qrly.core.batch.RowError;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageFormat;
import dev.qrly.engine.ErrorCorrection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Batches in {@code batches}, their rows and each row's outcome in {@code batch_rows}; lists
 * (formats, sizes, tags) are PostgreSQL arrays.
 */
final class PostgresBatchStore implements BatchStore {

    private static final String COLUMNS = "b.id, b.tenant_id, b.key_prefix, b.status, b.total, b.formats, b.sizes, "
            + "b.error_correction, b.foreground, b.background, b.margin, b.tags, b.created_at, b.finished_at, b.failure, "
            + "b.created, b.failed";
    private static final String ROW_COLUMNS = "row_no, line, destination, slug, label, tags, code_id, error_field, error_code, error_message";

    private final Database database;

    PostgresBatchStore(Database database) {
        this.database = database;
    }

    @Override
    public void insert(Batch batch, List<BatchRow> rows) {
        database.write("insert batch " + batch.id(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO batches (id, tenant_id, key_prefix, status, total, "
                    + "formats, sizes, error_correction, foreground, background, margin, tags, created_at, finished_at, failure, "
                    + "created, failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                BatchOptions options = batch.options();
                ps.setString(1, batch.id());
                ps.setString(2, batch.tenantId());
                ps.setString(3, batch.keyPrefix());
                ps.setString(4, batch.status().name());
                ps.setInt(5, batch.total());
                ps.setArray(6, connection.createArrayOf("text", options.formats().stream().map(ImageFormat::name).toArray()));
                ps.setArray(7, connection.createArrayOf("integer", options.sizes().toArray()));
                ps.setString(8, options.errorCorrection().name());
                ps.setString(9, options.style().foreground());
                ps.setString(10, options.style().background());
                ps.setInt(11, options.style().margin());
                ps.setArray(12, textArray(connection, options.tags()));
                setInstant(ps, 13, batch.createdAt());
                setInstant(ps, 14, batch.finishedAt());
                ps.setString(15, batch.failure());
                ps.setInt(16, (int) rows.stream().filter(r -> r.codeId() != null).count());
                ps.setInt(17, (int) rows.stream().filter(r -> r.error() != null).count());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO batch_rows (batch_id, " + ROW_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (BatchRow row : rows) {
                    ps.setString(1, batch.id());
                    ps.setInt(2, row.row());
                    ps.setInt(3, row.line());
                    ps.setString(4, row.item().destination());
                    ps.setString(5, row.item().slug());
                    ps.setString(6, row.item().label());
                    ps.setArray(7, textArray(connection, row.item().tags()));
                    ps.setString(8, row.codeId());
                    ps.setString(9, row.error() == null ? null : row.error().field());
                    ps.setString(10, row.error() == null ? null : row.error().code());
                    ps.setString(11, row.error() == null ? null : row.error().message());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<Batch> find(String tenantId, String id) {
        return database.read("find batch " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM batches b WHERE b.id = ? AND b.tenant_id = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenantId);
                List<Batch> found = batches(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<Batch> list(String tenantId, int limit) {
        return database.read("list batches", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM batches b WHERE b.tenant_id = ? ORDER BY b.created_at DESC, b.id DESC LIMIT ?")) {
                ps.setString(1, tenantId);
                ps.setInt(2, limit);
                return batches(ps);
            }
        });
    }

    @Override
    public List<Batch> running() {
        return database.read("list running batches", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM batches b WHERE b.status = 'RUNNING' ORDER BY b.created_at, b.id")) {
                return batches(ps);
            }
        });
    }

    @Override
    public List<BatchRow> rows(String batchId, int fromRow, int limit) {
        return selectRows("read the rows of batch " + batchId, "row_no >= ?", batchId, fromRow, limit);
    }

    @Override
    public List<BatchRow> failedRows(String batchId, int limit) {
        return selectRows("read the failed rows of batch " + batchId, "error_code IS NOT NULL AND row_no >= ?", batchId, 1, limit);
    }

    /** The batch's rows that match {@code condition} (with one parameter, the first row), in row order. */
    private List<BatchRow> selectRows(String action, String condition, String batchId, int fromRow, int limit) {
        return database.read(action, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + ROW_COLUMNS
                    + " FROM batch_rows WHERE batch_id = ? AND " + condition + " ORDER BY row_no LIMIT ?")) {
                ps.setString(1, batchId);
                ps.setInt(2, fromRow);
                ps.setInt(3, limit);
                return rows(ps);
            }
        });
    }

    /**
     * One transaction for all the outcomes. Each row is locked ({@code FOR UPDATE}) as it is found
     * pending, so that two instances resuming the same batch cannot both record it; each code goes
     * through the {@link PostgresCodeStore.Inserter}, whose conflicts leave the transaction usable.
     */
    @Override
    public List<Integer> commit(String batchId, List<Outcome> outcomes) {
        return database.write("store the codes of batch " + batchId, connection -> {
            List<Integer> idTaken = new ArrayList<>();
            int created = 0;
            int failed = 0;
            try (PreparedStatement pending = connection.prepareStatement("SELECT 1 FROM batch_rows "
                    + "WHERE batch_id = ? AND row_no = ? AND code_id IS NULL AND error_code IS NULL FOR UPDATE");
                    PreparedStatement markCode = connection.prepareStatement(
                            "UPDATE batch_rows SET code_id = ? WHERE batch_id = ? AND row_no = ?");
                    PreparedStatement markError = connection.prepareStatement("UPDATE batch_rows "
                            + "SET error_field = ?, error_code = ?, error_message = ? WHERE batch_id = ? AND row_no = ?");
                    PostgresCodeStore.Inserter codes = new PostgresCodeStore.Inserter(connection)) {
                for (Outcome outcome : outcomes) {
                    pending.setString(1, batchId);
                    pending.setInt(2, outcome.row());
                    try (ResultSet rs = pending.executeQuery()) {
                        if (!rs.next()) {
                            continue;
                        }
                    }
                    RowError error = outcome.error();
                    if (outcome.code() != null) {
                        switch (codes.insert(outcome.code(), outcome.first())) {
                            case INSERTED -> {
                                markCode.setString(1, outcome.code().id());
                                markCode.setString(2, batchId);
                                markCode.setInt(3, outcome.row());
                                markCode.executeUpdate();
                                created++;
                                continue;
                            }
                            case ID_TAKEN -> {
                                idTaken.add(outcome.row());
                                continue;
                            }
                            case SLUG_TAKEN -> {
                                if (outcome.code().slug().equals(outcome.code().id())) {
                                    // a drawn id that is another code's vanity slug: draw again
                                    idTaken.add(outcome.row());
                                    continue;
                                }
                                error = new RowError("slug", "slug_taken", "the slug '" + outcome.code().slug() + "' is already taken");
                            }
                        }
                    }
                    markError.setString(1, error.field());
                    markError.setString(2, error.code());
                    markError.setString(3, error.message());
                    markError.setString(4, batchId);
                    markError.setInt(5, outcome.row());
                    markError.executeUpdate();
                    failed++;
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE batches SET created = created + ?, failed = failed + ? WHERE id = ?")) {
                ps.setInt(1, created);
                ps.setInt(2, failed);
                ps.setString(3, batchId);
                ps.executeUpdate();
            }
            return idTaken;
        });
    }

    @Override
    public void finish(String batchId, Batch.Status status, Instant at, String failure) {
        database.write("finish batch " + batchId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE batches SET status = ?, finished_at = ?, failure = ? WHERE id = ?")) {
                ps.setString(1, status.name());
                setInstant(ps, 2, at);
                ps.setString(3, failure);
                ps.setString(4, batchId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static java.sql.Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }

    private static List<Batch> batches(PreparedStatement ps) throws SQLException {
        List<Batch> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BatchOptions options = new BatchOptions(
                        strings(rs.getArray("formats")).stream().map(ImageFormat::valueOf).toList(),
                        Arrays.stream((Object[]) rs.getArray("sizes").getArray()).map(n -> ((Number) n).intValue()).toList(),
                        ErrorCorrection.valueOf(rs.getString("error_correction")),
                        new CodeStyle(rs.getString("foreground"), rs.getString("background"), rs.getInt("margin")),
                        strings(rs.getArray("tags")));
                out.add(new Batch(rs.getString("id"), rs.getString("tenant_id"), rs.getString("key_prefix"),
                        Batch.Status.valueOf(rs.getString("status")), rs.getInt("total"), rs.getInt("created"), rs.getInt("failed"),
                        options, instant(rs, "created_at"), instant(rs, "finished_at"), rs.getString("failure")));
            }
        }
        return out;
    }

    private static List<BatchRow> rows(PreparedStatement ps) throws SQLException {
        List<BatchRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BatchItem item = new BatchItem(rs.getString("destination"), rs.getString("slug"), rs.getString("label"),
                        strings(rs.getArray("tags")));
                String errorCode = rs.getString("error_code");
                out.add(new BatchRow(rs.getInt("row_no"), rs.getInt("line"), item, rs.getString("code_id"),
                        errorCode == null ? null : new RowError(rs.getString("error_field"), errorCode, rs.getString("error_message"))));
            }
        }
        return out;
    }
}
