package dev.qrly.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The ids of dimension values in {@code scan_dims} (schema V3), cached: after the first batches a
 * scan's ten values are ten map lookups. A value seen for the first time is looked up, then
 * inserted, within the caller's write transaction. Not thread-safe: the analytics store's writer
 * is its one user. Null and the empty string are id 0, "none".
 */
final class Dims {

    static final int CODE = 1;
    static final int SOURCE = 2;
    static final int DEVICE = 3;
    static final int OS = 4;
    static final int BROWSER = 5;
    static final int BOT = 6;
    static final int COUNTRY = 7;
    static final int CITY = 8;
    static final int REFERRER = 9;

    /** Past this many cached values the cache starts again: cities and referrers are open-ended. */
    private static final int MAX_CACHED = 500_000;

    private final Map<Key, Long> ids = new HashMap<>();

    private record Key(int kind, String value) {}

    long id(Connection connection, int kind, String value) throws SQLException {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        Key key = new Key(kind, value);
        Long cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        long id = find(connection, kind, value);
        if (id == 0) {
            try (PreparedStatement add = connection.prepareStatement("INSERT INTO scan_dims (kind, value) VALUES (?, ?)")) {
                add.setInt(1, kind);
                add.setString(2, value);
                add.executeUpdate();
            }
            id = find(connection, kind, value);
        }
        if (ids.size() >= MAX_CACHED) {
            ids.clear();
        }
        ids.put(key, id);
        return id;
    }

    private static long find(Connection connection, int kind, String value) throws SQLException {
        try (PreparedStatement find = connection.prepareStatement("SELECT id FROM scan_dims WHERE kind = ? AND value = ?")) {
            find.setInt(1, kind);
            find.setString(2, value);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Forgets every cached id: after a rolled-back transaction, ids it inserted are gone. */
    void forget() {
        ids.clear();
    }
}
