package dev.qrly.store.sqlite;

import static dev.qrly.store.sqlite.Rows.instant;
import static dev.qrly.store.sqlite.Rows.setInstant;

import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.core.scan.ScanStore;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scan events as compact rows (schema V2): numbers for every string that repeats, a bit field for
 * the flags. The strings live once in {@code scan_strings}; their ids are cached here, so that a
 * batch of scans of known codes from known browsers binds only numbers. The cache is touched only
 * by writers, which the database serialises.
 */
final class SqliteScanStore implements ScanStore {

    private static final int CODE = 1;
    private static final int TENANT = 2;
    private static final int USER_AGENT = 3;
    private static final int REFERRER = 4;
    private static final int LANGUAGE = 5;
    private static final int VARIANT = 6;
    /** Past this many cached strings the cache starts again: user agents and referrers are open-ended. */
    private static final int MAX_CACHED = 200_000;

    private static final int LINK = 1;
    private static final int HEAD = 2;
    private static final int PREFETCH = 4;
    private static final int GONE = 8;

    /**
     * Rows per INSERT statement: fewer statement executions per batch. Measured against one row a
     * statement, 20 rows were about 20 % cheaper a row, and 64 another 10–18 % cheaper than 16.
     */
    private static final int ROWS_PER_STATEMENT = 64;
    private static final String COLUMNS = "INSERT INTO scan_events (id, code, at, tenant, ip, user_agent, referrer, "
            + "accept_language, variant, flags) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int FIELDS = 10;

    private final Database database;
    /** String ids by kind (index 1..6), then by value. */
    private final List<Map<String, Long>> stringIds = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
            new HashMap<>(), new HashMap<>(), new HashMap<>());
    private int cachedStrings;

    SqliteScanStore(Database database) {
        this.database = database;
    }

    /**
     * One transaction and one prepared statement for the whole batch. {@code ON CONFLICT (id) DO
     * NOTHING} skips replays, and only those: {@code INSERT OR IGNORE} would also drop rows that
     * break other constraints without a word.
     */
    @Override
    public void insert(List<ScanEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        database.write("insert " + events.size() + " scan events", connection -> {
            try {
                return insertAll(connection, events);
            } catch (SQLException | RuntimeException e) {
                forgetStrings(); // ids minted in the rolled-back transaction are gone
                throw e;
            }
        });
    }

    private Void insertAll(Connection connection, List<ScanEvent> events) throws SQLException {
        int whole = events.size() / ROWS_PER_STATEMENT * ROWS_PER_STATEMENT;
        try (Strings strings = new Strings(connection)) {
            if (whole > 0) {
                try (PreparedStatement many = connection.prepareStatement(statement(ROWS_PER_STATEMENT))) {
                    for (int start = 0; start < whole; start += ROWS_PER_STATEMENT) {
                        for (int row = 0; row < ROWS_PER_STATEMENT; row++) {
                            bind(many, row * FIELDS, events.get(start + row), strings);
                        }
                        many.executeUpdate();
                    }
                }
            }
            if (whole < events.size()) {
                try (PreparedStatement one = connection.prepareStatement(statement(1))) {
                    for (int i = whole; i < events.size(); i++) {
                        bind(one, 0, events.get(i), strings);
                        one.executeUpdate();
                    }
                }
            }
        }
        return null;
    }

    private static String statement(int rows) {
        StringBuilder sql = new StringBuilder(COLUMNS);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
        }
        return sql.append(" ON CONFLICT (id) DO NOTHING").toString();
    }

    private static void bind(PreparedStatement ps, int offset, ScanEvent event, Strings strings) throws SQLException {
        ps.setBytes(offset + 1, bytes(event.id()));
        ps.setLong(offset + 2, strings.id(CODE, event.codeId()));
        setInstant(ps, offset + 3, event.at());
        ps.setLong(offset + 4, strings.id(TENANT, event.tenantId()));
        ps.setString(offset + 5, event.ip());
        setString(ps, offset + 6, strings, USER_AGENT, event.userAgent());
        setString(ps, offset + 7, strings, REFERRER, event.referrer());
        setString(ps, offset + 8, strings, LANGUAGE, event.acceptLanguage());
        setString(ps, offset + 9, strings, VARIANT, event.variant());
        ps.setInt(offset + 10, (event.source() == ScanSource.LINK ? LINK : 0) | (event.head() ? HEAD : 0)
                | (event.prefetch() ? PREFETCH : 0) | (event.outcome() == ScanEvent.Outcome.GONE ? GONE : 0));
    }

    private void forgetStrings() {
        synchronized (stringIds) {
            stringIds.forEach(Map::clear);
            cachedStrings = 0;
        }
    }

    private static void setString(PreparedStatement ps, int index, Strings strings, int kind, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, strings.id(kind, value));
        }
    }

    /** Looks strings up in the cache, then the table, and stores the new ones; within the write transaction. */
    private final class Strings implements AutoCloseable {
        private final Connection connection;
        private PreparedStatement find;
        private PreparedStatement add;

        Strings(Connection connection) {
            this.connection = connection;
        }

        long id(int kind, String value) throws SQLException {
            synchronized (stringIds) {
                Long cached = stringIds.get(kind).get(value);
                if (cached != null) {
                    return cached;
                }
            }
            if (find == null) {
                find = connection.prepareStatement("SELECT id FROM scan_strings WHERE kind = ? AND value = ?");
                add = connection.prepareStatement("INSERT INTO scan_strings (kind, value) VALUES (?, ?)");
            }
            long id = -1;
            find.setInt(1, kind);
            find.setString(2, value);
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
            if (id < 0) {
                add.setInt(1, kind);
                add.setString(2, value);
                add.executeUpdate();
                try (PreparedStatement last = connection.prepareStatement("SELECT last_insert_rowid()");
                     ResultSet rs = last.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            if (cachedStrings >= MAX_CACHED) {
                forgetStrings();
            }
            synchronized (stringIds) {
                stringIds.get(kind).put(value, id);
                cachedStrings++;
            }
            return id;
        }

        @Override
        public void close() throws SQLException {
            if (find != null) {
                find.close();
                add.close();
            }
        }
    }

    /** @throws IllegalArgumentException if {@code limit} is negative (SQLite would read that as no limit) */
    @Override
    public List<ScanEvent> events(String tenantId, String codeId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, not " + limit);
        }
        return database.read("read the scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT e.id, e.at, e.ip, ua.value AS user_agent, "
                    + "ref.value AS referrer, lang.value AS accept_language, var.value AS variant, e.flags FROM scan_events e "
                    + "JOIN scan_strings c ON c.id = e.code AND c.kind = 1 AND c.value = ? "
                    + "JOIN scan_strings t ON t.id = e.tenant AND t.kind = 2 AND t.value = ? "
                    + "LEFT JOIN scan_strings ua ON ua.id = e.user_agent "
                    + "LEFT JOIN scan_strings ref ON ref.id = e.referrer "
                    + "LEFT JOIN scan_strings lang ON lang.id = e.accept_language "
                    + "LEFT JOIN scan_strings var ON var.id = e.variant "
                    + "ORDER BY e.at, e.id LIMIT ?")) {
                ps.setString(1, codeId);
                ps.setString(2, tenantId);
                ps.setInt(3, limit);
                List<ScanEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int flags = rs.getInt("flags");
                        events.add(new ScanEvent(uuid(rs.getBytes("id")), codeId, tenantId, instant(rs, "at"), rs.getString("ip"),
                                rs.getString("user_agent"), rs.getString("referrer"), rs.getString("accept_language"),
                                (flags & LINK) != 0 ? ScanSource.LINK : ScanSource.QR, (flags & HEAD) != 0, (flags & PREFETCH) != 0,
                                (flags & GONE) != 0 ? ScanEvent.Outcome.GONE : ScanEvent.Outcome.REDIRECTED, rs.getString("variant")));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public long count(String codeId) {
        return database.read("count the scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM scan_events e "
                    + "JOIN scan_strings c ON c.id = e.code AND c.kind = 1 AND c.value = ?")) {
                ps.setString(1, codeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Big-endian, so that byte order is UUIDv7 time order. */
    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
