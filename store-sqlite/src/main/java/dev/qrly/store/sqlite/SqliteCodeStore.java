package dev.qrly.store.sqlite;

import static dev.qrly.store.sqlite.Rows.bool;
import static dev.qrly.store.sqlite.Rows.instant;
import static dev.qrly.store.sqlite.Rows.nullableLong;
import static dev.qrly.store.sqlite.Rows.setBoolean;
import static dev.qrly.store.sqlite.Rows.setInstant;
import static dev.qrly.store.sqlite.Rows.setLong;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeStore;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.SlugTakenException;
import dev.qrly.engine.ErrorCorrection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Codes in {@code codes}, their tags in {@code code_tags}, their destinations over time in {@code code_history}. */
final class SqliteCodeStore implements CodeStore {

    private static final String COLUMNS = "c.id, c.tenant_id, c.slug, c.destination, c.label, c.active, c.expires_at, "
            + "c.max_scans, c.error_correction, c.foreground, c.background, c.margin, c.created_at, c.updated_at, c.deleted_at";

    /** Between the fields of search_text; a control character, so no search text spans two fields. */
    private static final char FIELD_SEPARATOR = '\u001F';
    /** The label order's key of a code without a label (V4's label_key): U+10FFFF, after every label. */
    private static final String NO_LABEL_KEY = new String(Character.toChars(0x10FFFF));

    private final Database database;

    SqliteCodeStore(Database database) {
        this.database = database;
    }

    private static final String INSERT = "INSERT INTO codes (id, tenant_id, slug, slug_key, destination, label, active, "
            + "expires_at, max_scans, error_correction, foreground, background, margin, created_at, updated_at, deleted_at, "
            + "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** What {@link #insertIfFree} did. */
    enum Insert { INSERTED, ID_TAKEN, SLUG_TAKEN }

    @Override
    public void insert(Code code, DestinationChange first) {
        database.write("insert code " + code.id(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                bind(ps, code);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Database.violates(e, "codes.slug_key")) {
                    throw new SlugTakenException(code.slug());
                }
                if (Database.violates(e, "codes.id")) {
                    throw new IdTakenException(code.id());
                }
                throw e;
            }
            insertTags(connection, code);
            insertChange(connection, code.id(), first);
            return null;
        });
    }

    /**
     * Inserts codes with their tags and first history entries inside the caller's transaction,
     * each unless its id or slug key is taken: a conflict leaves the transaction usable, for the
     * next code. Its statements are prepared once for all the codes of the transaction.
     */
    static final class Inserter implements AutoCloseable {
        private final PreparedStatement insert;
        private final PreparedStatement idTaken;
        private final PreparedStatement tag;
        private final PreparedStatement history;

        Inserter(Connection connection) throws SQLException {
            List<PreparedStatement> opened = new ArrayList<>();
            try {
                opened.add(connection.prepareStatement(INSERT + " ON CONFLICT DO NOTHING"));
                opened.add(connection.prepareStatement("SELECT 1 FROM codes WHERE id = ?"));
                opened.add(connection.prepareStatement(INSERT_TAG));
                opened.add(connection.prepareStatement(INSERT_CHANGE));
            } catch (SQLException e) {
                for (PreparedStatement ps : opened) {
                    ps.close();
                }
                throw e;
            }
            this.insert = opened.get(0);
            this.idTaken = opened.get(1);
            this.tag = opened.get(2);
            this.history = opened.get(3);
        }

        Insert insert(Code code, DestinationChange first) throws SQLException {
            bind(insert, code);
            if (insert.executeUpdate() == 0) {
                idTaken.setString(1, code.id());
                try (ResultSet rs = idTaken.executeQuery()) {
                    return rs.next() ? Insert.ID_TAKEN : Insert.SLUG_TAKEN;
                }
            }
            bindTags(tag, code);
            bindChange(history, code.id(), first);
            history.executeUpdate();
            return Insert.INSERTED;
        }

        @Override
        public void close() throws SQLException {
            try (insert; idTaken; tag; history) {
                // closed in reverse order by try-with-resources
            }
        }
    }

    private static void bind(PreparedStatement ps, Code code) throws SQLException {
        ps.setString(1, code.id());
        ps.setString(2, code.tenantId());
        ps.setString(3, code.slug());
        ps.setString(4, code.slugKey());
        ps.setString(5, code.destination());
        ps.setString(6, code.label());
        setBoolean(ps, 7, code.active());
        setInstant(ps, 8, code.expiresAt());
        setLong(ps, 9, code.maxScans());
        ps.setString(10, code.errorCorrection().name());
        ps.setString(11, code.style().foreground());
        ps.setString(12, code.style().background());
        ps.setInt(13, code.style().margin());
        setInstant(ps, 14, code.createdAt());
        setInstant(ps, 15, code.updatedAt());
        setInstant(ps, 16, code.deletedAt());
        ps.setString(17, searchText(code.slug(), code.label(), code.destination()));
    }

    @Override
    public Optional<Code> findBySlugKey(String slugKey) {
        return database.read("find a code by slug", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM codes c WHERE c.slug_key = ?")) {
                ps.setString(1, slugKey);
                return one(connection, ps);
            }
        });
    }

    @Override
    public Optional<Code> find(String tenantId, String id) {
        return database.read("find code " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM codes c WHERE c.id = ? AND c.tenant_id = ?")) {
                ps.setString(1, id);
                ps.setString(2, tenantId);
                return one(connection, ps);
            }
        });
    }

    @Override
    public List<Code> list(String tenantId, CodeQuery query) {
        return database.read("list codes", connection -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(listSql(query))) {
                int i = 1;
                ps.setString(i++, tenantId);
                if (query.after() != null) {
                    if (query.order() == CodeQuery.Order.LABEL) {
                        ps.setString(i++, query.after().label() == null ? NO_LABEL_KEY : query.after().label());
                    } else {
                        ps.setLong(i++, query.after().createdAtMillis());
                    }
                    ps.setString(i++, query.after().id());
                }
                if (query.tag() != null) {
                    ps.setString(i++, query.tag());
                }
                if (query.text() != null) {
                    ps.setString(i++, fold(query.text()));
                }
                ps.setInt(i, query.limit() + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            Map<String, List<String>> tags = tags(connection, rows.stream().map(Row::id).toList());
            return rows.stream().map(r -> r.toCode(tags.getOrDefault(r.id(), List.of()))).toList();
        });
    }

    /**
     * The listing query. The cursor is a row-value comparison, which SQLite turns into a range on
     * {@code codes_listing} (time orders) or {@code codes_by_label}, so a page is read off the index
     * in order however deep it is.
     */
    static String listSql(CodeQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM codes c WHERE c.tenant_id = ? AND c.deleted_at IS NULL");
        String key = switch (query.order()) {
            case NEWEST, OLDEST -> "c.created_at, c.id";
            case LABEL -> "c.label_key, c.id";
        };
        if (query.after() != null) {
            sql.append(" AND (").append(key).append(query.order() == CodeQuery.Order.NEWEST ? ") < (?, ?)" : ") > (?, ?)");
        }
        if (query.tag() != null) {
            sql.append(" AND c.id IN (SELECT t.code_id FROM code_tags t WHERE t.tag = ?)");
        }
        if (query.text() != null) {
            // instr, not LIKE: the text is matched literally, '%' and '_' included
            sql.append(" AND instr(c.search_text, ?) > 0");
        }
        return sql.append(switch (query.order()) {
            case NEWEST -> " ORDER BY c.created_at DESC, c.id DESC";
            case OLDEST -> " ORDER BY c.created_at, c.id";
            case LABEL -> " ORDER BY c.label_key, c.id";
        }).append(" LIMIT ?").toString();
    }

    @Override
    public boolean update(Code code, Optional<DestinationChange> change) {
        return database.write("update code " + code.id(), connection -> {
            String slug;
            try (PreparedStatement ps = connection.prepareStatement("SELECT slug FROM codes WHERE id = ? AND tenant_id = ?")) {
                ps.setString(1, code.id());
                ps.setString(2, code.tenantId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    // the stored slug, not the given one: slugs never change, and search_text holds it
                    slug = rs.getString(1);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("UPDATE codes SET destination = ?, label = ?, active = ?, "
                    + "expires_at = ?, max_scans = ?, updated_at = ?, deleted_at = ?, search_text = ? WHERE id = ?")) {
                ps.setString(1, code.destination());
                ps.setString(2, code.label());
                setBoolean(ps, 3, code.active());
                setInstant(ps, 4, code.expiresAt());
                setLong(ps, 5, code.maxScans());
                setInstant(ps, 6, code.updatedAt());
                setInstant(ps, 7, code.deletedAt());
                ps.setString(8, searchText(slug, code.label(), code.destination()));
                ps.setString(9, code.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM code_tags WHERE code_id = ?")) {
                ps.setString(1, code.id());
                ps.executeUpdate();
            }
            insertTags(connection, code);
            if (change.isPresent()) {
                insertChange(connection, code.id(), change.get());
            }
            return true;
        });
    }

    @Override
    public List<DestinationChange> history(String tenantId, String id) {
        return database.read("read the history of code " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT h.destination, h.changed_at, h.changed_by "
                    + "FROM code_history h JOIN codes c ON c.id = h.code_id WHERE h.code_id = ? AND c.tenant_id = ? "
                    + "ORDER BY h.changed_at DESC, h.seq DESC")) {
                ps.setString(1, id);
                ps.setString(2, tenantId);
                List<DestinationChange> history = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        history.add(new DestinationChange(rs.getString("destination"), instant(rs, "changed_at"),
                                rs.getString("changed_by")));
                    }
                }
                return history;
            }
        });
    }

    private static final String INSERT_TAG = "INSERT INTO code_tags (code_id, position, tag) VALUES (?, ?, ?)";
    private static final String INSERT_CHANGE = "INSERT INTO code_history (code_id, destination, changed_at, changed_by) VALUES (?, ?, ?, ?)";

    private static void insertTags(Connection connection, Code code) throws SQLException {
        if (code.tags().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_TAG)) {
            bindTags(ps, code);
        }
    }

    /** Inserts the code's tags with a prepared {@link #INSERT_TAG}. */
    private static void bindTags(PreparedStatement ps, Code code) throws SQLException {
        for (int i = 0; i < code.tags().size(); i++) {
            ps.setString(1, code.id());
            ps.setInt(2, i);
            ps.setString(3, code.tags().get(i));
            ps.executeUpdate();
        }
    }

    private static void insertChange(Connection connection, String codeId, DestinationChange change) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT_CHANGE)) {
            bindChange(ps, codeId, change);
            ps.executeUpdate();
        }
    }

    private static void bindChange(PreparedStatement ps, String codeId, DestinationChange change) throws SQLException {
        ps.setString(1, codeId);
        ps.setString(2, change.destination());
        setInstant(ps, 3, change.changedAt());
        ps.setString(4, change.changedBy());
    }

    private static Optional<Code> one(Connection connection, PreparedStatement ps) throws SQLException {
        Row row;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            row = row(rs);
        }
        return Optional.of(row.toCode(tags(connection, List.of(row.id())).getOrDefault(row.id(), List.of())));
    }

    /** The codes' tags in stored order, by code id. */
    private static Map<String, List<String>> tags(Connection connection, List<String> codeIds) throws SQLException {
        Map<String, List<String>> tags = new HashMap<>();
        if (codeIds.isEmpty()) {
            return tags;
        }
        String in = String.join(", ", Collections.nCopies(codeIds.size(), "?"));
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT code_id, tag FROM code_tags WHERE code_id IN (" + in + ") ORDER BY code_id, position")) {
            for (int i = 0; i < codeIds.size(); i++) {
                ps.setString(i + 1, codeIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return tags;
    }

    /** What the text filter searches: lower-cased here, as SQLite's lower() knows ASCII only. */
    private static String searchText(String slug, String label, String destination) {
        return fold(slug) + FIELD_SEPARATOR + (label == null ? "" : fold(label)) + FIELD_SEPARATOR + fold(destination);
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("tenant_id"), rs.getString("slug"), rs.getString("destination"),
                rs.getString("label"), bool(rs, "active"), instant(rs, "expires_at"), nullableLong(rs, "max_scans"),
                ErrorCorrection.valueOf(rs.getString("error_correction")),
                new CodeStyle(rs.getString("foreground"), rs.getString("background"), rs.getInt("margin")),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "deleted_at"));
    }

    /** A code as read from its row, before its tags are read from theirs. */
    private record Row(String id, String tenantId, String slug, String destination, String label, boolean active,
            Instant expiresAt, Long maxScans, ErrorCorrection errorCorrection, CodeStyle style,
            Instant createdAt, Instant updatedAt, Instant deletedAt) {

        Code toCode(List<String> tags) {
            return new Code(id, tenantId, slug, destination, label, tags, active, expiresAt, maxScans, errorCorrection, style,
                    createdAt, updatedAt, deletedAt);
        }
    }
}
