package dev.qrly.store.postgres;

import static dev.qrly.store.postgres.Rows.instant;
import static dev.qrly.store.postgres.Rows.nullableLong;
import static dev.qrly.store.postgres.Rows.setInstant;
import static dev.qrly.store.postgres.Rows.setLong;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeStore;
import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.code.DestinationChange;
import dev.qrly.core.code.SlugTakenException;
import dev.qrly.engine.ErrorCorrection;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Codes in {@code codes}, their tags in {@code code_tags}, their destinations over time in
 * {@code code_history}.
 *
 * <p>A code is read with its tags in one statement (an {@code ARRAY} subquery), so that the two
 * always agree without a transaction around the read. A code is inserted with
 * {@code ON CONFLICT DO NOTHING} and its row count checked, never by catching a unique violation:
 * in PostgreSQL a failed statement aborts its whole transaction, and a batch stores many codes in
 * one.
 */
final class PostgresCodeStore implements CodeStore {

    private static final String COLUMNS = "c.id, c.tenant_id, c.slug, c.destination, c.label, c.active, c.expires_at, "
            + "c.max_scans, c.error_correction, c.foreground, c.background, c.margin, c.created_at, c.updated_at, c.deleted_at, "
            + "ARRAY(SELECT t.tag FROM code_tags t WHERE t.code_id = c.id ORDER BY t.position) AS tags";

    /** Between the fields of search_text; a control character, so no search text spans two fields. */
    private static final char FIELD_SEPARATOR = '\u001F';
    /** The label order's key of a code without a label: U+10FFFF, after every label in code point order. */
    static final String NO_LABEL_KEY = new String(Character.toChars(0x10FFFF));

    private static final String INSERT = "INSERT INTO codes (id, tenant_id, slug, slug_key, destination, label, label_key, "
            + "active, expires_at, max_scans, error_correction, foreground, background, margin, created_at, updated_at, deleted_at, "
            + "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_TAG = "INSERT INTO code_tags (code_id, position, tag) VALUES (?, ?, ?)";
    private static final String INSERT_CHANGE = "INSERT INTO code_history (code_id, destination, changed_at, changed_by) VALUES (?, ?, ?, ?)";

    private final Database database;

    PostgresCodeStore(Database database) {
        this.database = database;
    }

    /** What {@link Inserter#insert} did. */
    enum Insert { INSERTED, ID_TAKEN, SLUG_TAKEN }

    @Override
    public void insert(Code code, DestinationChange first) {
        Insert result = database.write("insert code " + code.id(), connection -> {
            try (Inserter inserter = new Inserter(connection)) {
                return inserter.insert(code, first);
            }
        });
        switch (result) {
            case INSERTED -> { }
            case ID_TAKEN -> throw new IdTakenException(code.id());
            case SLUG_TAKEN -> throw new SlugTakenException(code.slug());
        }
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
                opened.add(connection.prepareStatement(INSERT));
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
            insertTags(tag, code);
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
        ps.setString(7, labelKey(code.label()));
        ps.setBoolean(8, code.active());
        setInstant(ps, 9, code.expiresAt());
        setLong(ps, 10, code.maxScans());
        ps.setString(11, code.errorCorrection().name());
        ps.setString(12, code.style().foreground());
        ps.setString(13, code.style().background());
        ps.setInt(14, code.style().margin());
        setInstant(ps, 15, code.createdAt());
        setInstant(ps, 16, code.updatedAt());
        setInstant(ps, 17, code.deletedAt());
        ps.setString(18, searchText(code.slug(), code.label(), code.destination()));
    }

    @Override
    public Optional<Code> findBySlugKey(String slugKey) {
        return database.read("find a code by slug", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM codes c WHERE c.slug_key = ?")) {
                ps.setString(1, slugKey);
                return one(ps);
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
                return one(ps);
            }
        });
    }

    @Override
    public List<Code> list(String tenantId, CodeQuery query) {
        return database.read("list codes", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(listSql(query))) {
                int i = 1;
                ps.setString(i++, tenantId);
                if (query.after() != null) {
                    if (query.order() == CodeQuery.Order.LABEL) {
                        ps.setString(i++, labelKey(query.after().label()));
                    } else {
                        ps.setObject(i++, Rows.timestamp(java.time.Instant.ofEpochMilli(query.after().createdAtMillis())));
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
                List<Code> codes = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        codes.add(code(rs));
                    }
                }
                return codes;
            }
        });
    }

    /**
     * The listing query. The cursor is a row-value comparison on the order's index
     * ({@code codes_listing} or {@code codes_by_label}), so a page is a range scan from the cursor
     * however deep it is.
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
            sql.append(" AND EXISTS (SELECT 1 FROM code_tags t WHERE t.code_id = c.id AND t.tag = ?)");
        }
        if (query.text() != null) {
            // strpos, not LIKE: the text is matched literally, '%', '_' and '\' included
            sql.append(" AND strpos(c.search_text, ?) > 0");
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
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT slug FROM codes WHERE id = ? AND tenant_id = ? FOR UPDATE")) {
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
            try (PreparedStatement ps = connection.prepareStatement("UPDATE codes SET destination = ?, label = ?, label_key = ?, "
                    + "active = ?, expires_at = ?, max_scans = ?, updated_at = ?, deleted_at = ?, search_text = ? WHERE id = ?")) {
                ps.setString(1, code.destination());
                ps.setString(2, code.label());
                ps.setString(3, labelKey(code.label()));
                ps.setBoolean(4, code.active());
                setInstant(ps, 5, code.expiresAt());
                setLong(ps, 6, code.maxScans());
                setInstant(ps, 7, code.updatedAt());
                setInstant(ps, 8, code.deletedAt());
                ps.setString(9, searchText(slug, code.label(), code.destination()));
                ps.setString(10, code.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM code_tags WHERE code_id = ?")) {
                ps.setString(1, code.id());
                ps.executeUpdate();
            }
            if (!code.tags().isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement(INSERT_TAG)) {
                    insertTags(ps, code);
                }
            }
            if (change.isPresent()) {
                try (PreparedStatement ps = connection.prepareStatement(INSERT_CHANGE)) {
                    bindChange(ps, code.id(), change.get());
                    ps.executeUpdate();
                }
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

    /** Inserts the code's tags with a prepared {@link #INSERT_TAG}, as one batch. */
    private static void insertTags(PreparedStatement ps, Code code) throws SQLException {
        if (code.tags().isEmpty()) {
            return;
        }
        for (int i = 0; i < code.tags().size(); i++) {
            ps.setString(1, code.id());
            ps.setInt(2, i);
            ps.setString(3, code.tags().get(i));
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private static void bindChange(PreparedStatement ps, String codeId, DestinationChange change) throws SQLException {
        ps.setString(1, codeId);
        ps.setString(2, change.destination());
        setInstant(ps, 3, change.changedAt());
        ps.setString(4, change.changedBy());
    }

    private static Optional<Code> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(code(rs)) : Optional.empty();
        }
    }

    /**
     * The label order's key: each character folded as {@link String#CASE_INSENSITIVE_ORDER} folds
     * it (upper, then lower case), so that comparing keys in code point order ({@code COLLATE "C"})
     * is the contract's order; {@link #NO_LABEL_KEY} for no label.
     */
    static String labelKey(String label) {
        if (label == null) {
            return NO_LABEL_KEY;
        }
        char[] chars = label.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(Character.toUpperCase(chars[i]));
        }
        return new String(chars);
    }

    /**
     * What the text filter searches: folded here with Java's Unicode rules rather than by the
     * server's lower(), which depends on the database's locale.
     */
    private static String searchText(String slug, String label, String destination) {
        return fold(slug) + FIELD_SEPARATOR + (label == null ? "" : fold(label)) + FIELD_SEPARATOR + fold(destination);
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static Code code(ResultSet rs) throws SQLException {
        Array tags = rs.getArray("tags");
        List<String> tagList = tags == null ? List.of() : Arrays.asList((String[]) tags.getArray());
        return new Code(rs.getString("id"), rs.getString("tenant_id"), rs.getString("slug"), rs.getString("destination"),
                rs.getString("label"), tagList, rs.getBoolean("active"), instant(rs, "expires_at"), nullableLong(rs, "max_scans"),
                ErrorCorrection.valueOf(rs.getString("error_correction")),
                new CodeStyle(rs.getString("foreground"), rs.getString("background"), rs.getInt("margin")),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "deleted_at"));
    }
}
