package dev.qrly.store.postgres;

import static dev.qrly.store.postgres.Rows.instant;

import dev.qrly.core.analytics.AnalyticsStore;
import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import dev.qrly.core.analytics.Dimension;
import dev.qrly.core.analytics.HourCount;
import dev.qrly.core.analytics.Place;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.analytics.ScanCursor;
import dev.qrly.core.analytics.ScanFilter;
import dev.qrly.core.analytics.Totals;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import dev.qrly.store.jdbc.JdbcUnenrichedScans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The analytics store on PostgreSQL (schema V2): raw scans one row each, hourly rollups, unique
 * scanners and per-code totals, all written in the one transaction of {@link #append}.
 *
 * <p>Design. Several instances append at once, so nothing is kept in memory between calls (the
 * SQLite store holds rollup counts back for a few seconds; here they would be invisible to the
 * other instances): every count is in the database when {@code append} returns. A batch is first
 * reduced in memory, its rollup rows summed by key, its totals by code, its unique scanners by
 * (code, day, address); then each distinct row is written once, with
 * {@code INSERT … ON CONFLICT DO UPDATE}, as batched statements that the driver sends as
 * multi-row INSERTs. The rows are written in key order, so that two instances adding to the same
 * hot rows lock them in the same order and do not deadlock (and a deadlock that happens anyway is
 * retried by {@link Database#write}).
 */
final class PostgresAnalyticsStore implements AnalyticsStore {

    /** Stands for "none" in a rollup's bot, city and referrer columns, which are part of its key. */
    private static final String NONE = "";

    private final Database database;
    private final JdbcUnenrichedScans unenriched;

    PostgresAnalyticsStore(Database database) {
        this.database = database;
        this.unenriched = new JdbcUnenrichedScans(database);
    }

    /** A rollup row's key. */
    private record RollupKey(String code, long hour, String source, String device, String os, String browser, String bot,
            String country, String city, String referrer) {

        static RollupKey of(Scan scan) {
            return new RollupKey(scan.codeId(), hourOf(scan.at()), scan.source().key(), scan.client().device().key(),
                    scan.client().os(), scan.client().browser(), scan.bot() ? scan.client().botName() : NONE,
                    scan.place().country(), orNone(scan.place().city()), orNone(scan.referrerHost()));
        }
    }

    private record UniqueKey(String code, long day, long ipHash) {}

    private static final Comparator<RollupKey> ROLLUP_ORDER = Comparator.comparing(RollupKey::code)
            .thenComparingLong(RollupKey::hour).thenComparing(RollupKey::source).thenComparing(RollupKey::device)
            .thenComparing(RollupKey::os).thenComparing(RollupKey::browser).thenComparing(RollupKey::bot)
            .thenComparing(RollupKey::country).thenComparing(RollupKey::city).thenComparing(RollupKey::referrer);
    private static final Comparator<UniqueKey> UNIQUE_ORDER = Comparator.comparing(UniqueKey::code)
            .thenComparingLong(UniqueKey::day).thenComparingLong(UniqueKey::ipHash);

    private static final String INSERT_SCAN = "INSERT INTO scan_events (id, code_id, at, source, outcome, head, prefetch, variant, "
            + "ip, ip_hash, user_agent, referrer, referrer_host, accept_language, device, os, browser, bot_name, country, city) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void append(List<Scan> scans) {
        if (scans.isEmpty()) {
            return;
        }
        database.write("record " + scans.size() + " scans", connection -> {
            write(connection, scans);
            return null;
        });
    }

    @Override
    public void keepUnenriched(List<ScanEvent> events) {
        unenriched.keep(events);
    }

    @Override
    public List<ScanEvent> unenriched(int limit) {
        return unenriched.oldest(limit);
    }

    @Override
    public List<Scan> appendUnenriched(List<Scan> scans) {
        if (scans.isEmpty()) {
            return scans;
        }
        return database.write("record " + scans.size() + " enriched scans", connection -> {
            List<Scan> taken = unenriched.take(connection, scans);
            write(connection, taken);
            return taken;
        });
    }

    /** The scans, their rollups, unique scanners and totals, in the caller's transaction. */
    private static void write(Connection connection, List<Scan> scans) throws SQLException {
        if (scans.isEmpty()) {
            return;
        }
        Map<RollupKey, long[]> rollups = new HashMap<>();
        Map<String, long[]> totals = new HashMap<>();
        Map<UniqueKey, Long> uniques = new HashMap<>();
        for (Scan scan : scans) {
            RollupKey key = RollupKey.of(scan);
            rollups.computeIfAbsent(key, k -> new long[1])[0]++;
            long[] total = totals.computeIfAbsent(scan.codeId(), k -> new long[2]);
            if (scan.bot()) {
                total[1]++;
            } else {
                total[0]++;
                uniques.merge(new UniqueKey(scan.codeId(), Math.floorDiv(key.hour(), 24), scan.ipHash()), key.hour(), Math::min);
            }
        }
        List<Map.Entry<RollupKey, long[]>> rollupRows = inKeyOrder(rollups, ROLLUP_ORDER);
        List<Map.Entry<String, long[]>> totalRows = inKeyOrder(totals, Comparator.naturalOrder());
        List<Map.Entry<UniqueKey, Long>> uniqueRows = inKeyOrder(uniques, UNIQUE_ORDER);
        writeScans(connection, scans);
        writeRollups(connection, rollupRows);
        writeUniques(connection, uniqueRows);
        writeTotals(connection, totalRows);
    }

    private static void writeScans(Connection connection, List<Scan> scans) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT_SCAN)) {
            for (Scan scan : scans) {
                ps.setObject(1, scan.id());
                ps.setString(2, scan.codeId());
                ps.setObject(3, Rows.timestamp(scan.at()));
                ps.setString(4, scan.source().name());
                ps.setString(5, scan.outcome().name());
                ps.setBoolean(6, scan.head());
                ps.setBoolean(7, scan.prefetch());
                ps.setString(8, scan.variant());
                ps.setString(9, scan.ip());
                ps.setLong(10, scan.ipHash());
                ps.setString(11, scan.userAgent());
                ps.setString(12, scan.referrer());
                ps.setString(13, scan.referrerHost());
                ps.setString(14, scan.acceptLanguage());
                ps.setString(15, scan.client().device().name());
                ps.setString(16, scan.client().os());
                ps.setString(17, scan.client().browser());
                ps.setString(18, scan.client().botName());
                ps.setString(19, scan.place().country());
                ps.setString(20, scan.place().city());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeRollups(Connection connection, List<Map.Entry<RollupKey, long[]>> rows) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO scan_hourly (code_id, hour, source, device, os, browser, "
                + "bot, country, city, referrer, scans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (code_id, hour, source, device, os, browser, bot, country, city, referrer) "
                + "DO UPDATE SET scans = scan_hourly.scans + excluded.scans")) {
            for (Map.Entry<RollupKey, long[]> row : rows) {
                RollupKey key = row.getKey();
                ps.setString(1, key.code());
                ps.setLong(2, key.hour());
                ps.setString(3, key.source());
                ps.setString(4, key.device());
                ps.setString(5, key.os());
                ps.setString(6, key.browser());
                ps.setString(7, key.bot());
                ps.setString(8, key.country());
                ps.setString(9, key.city());
                ps.setString(10, key.referrer());
                ps.setLong(11, row.getValue()[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A scanner seen again on a day it was seen already keeps the earlier of the two first hours. */
    private static void writeUniques(Connection connection, List<Map.Entry<UniqueKey, Long>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO scan_uniques (code_id, day, ip_hash, first_hour) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (code_id, day, ip_hash) DO UPDATE SET first_hour = excluded.first_hour "
                + "WHERE excluded.first_hour < scan_uniques.first_hour")) {
            for (Map.Entry<UniqueKey, Long> row : rows) {
                ps.setString(1, row.getKey().code());
                ps.setInt(2, Math.toIntExact(row.getKey().day()));
                ps.setLong(3, row.getKey().ipHash());
                ps.setLong(4, row.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeTotals(Connection connection, List<Map.Entry<String, long[]>> rows) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO scan_totals (code_id, humans, bots) VALUES (?, ?, ?) "
                + "ON CONFLICT (code_id) DO UPDATE SET humans = scan_totals.humans + excluded.humans, "
                + "bots = scan_totals.bots + excluded.bots")) {
            for (Map.Entry<String, long[]> row : rows) {
                ps.setString(1, row.getKey());
                ps.setLong(2, row.getValue()[0]);
                ps.setLong(3, row.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static <K, V> List<Map.Entry<K, V>> inKeyOrder(Map<K, V> rows, Comparator<K> order) {
        List<Map.Entry<K, V>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort(Map.Entry.comparingByKey(order));
        return sorted;
    }

    @Override
    public long humans(String codeId) {
        return database.read("count the human scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT humans FROM scan_totals WHERE code_id = ?")) {
                ps.setString(1, codeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Map<String, Long> humans(Collection<String> codeIds) {
        if (codeIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(codeIds));
        return database.read("count the human scans of " + ids.size() + " codes", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT code_id, humans FROM scan_totals WHERE code_id = ANY (?) AND humans > 0")) {
                ps.setArray(1, connection.createArrayOf("text", ids.toArray()));
                return counts(ps);
            }
        });
    }

    @Override
    public Map<String, Totals> totals(String tenantId, Collection<String> codeIds) {
        if (codeIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(new LinkedHashSet<>(codeIds));
        return database.read("read the totals of " + ids.size() + " codes", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT t.code_id, t.humans, t.bots FROM scan_totals t "
                    + "JOIN codes c ON c.id = t.code_id AND c.tenant_id = ? WHERE t.code_id = ANY (?)")) {
                ps.setString(1, tenantId);
                ps.setArray(2, connection.createArrayOf("text", ids.toArray()));
                Map<String, Totals> totals = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        totals.put(rs.getString(1), new Totals(rs.getLong(2), rs.getLong(3)));
                    }
                }
                return totals;
            }
        });
    }

    /** The codes a filter counts, as a condition on a table's {@code code_id} with its parameters. */
    private record Codes(String condition, List<String> parameters) {
        static Codes of(ScanFilter filter) {
            if (filter.codeId() != null) {
                return new Codes("code_id IN (SELECT id FROM codes WHERE id = ? AND tenant_id = ?)",
                        List.of(filter.codeId(), filter.tenantId()));
            }
            if (filter.tag() != null) {
                return new Codes("code_id IN (SELECT c.id FROM codes c JOIN code_tags t ON t.code_id = c.id "
                        + "WHERE c.tenant_id = ? AND t.tag = ?)", List.of(filter.tenantId(), filter.tag()));
            }
            return new Codes("code_id IN (SELECT id FROM codes WHERE tenant_id = ?)", List.of(filter.tenantId()));
        }

        /** Binds the parameters from {@code first}; returns the next parameter's index. */
        int bind(PreparedStatement ps, int first) throws SQLException {
            int index = first;
            for (String parameter : parameters) {
                ps.setString(index++, parameter);
            }
            return index;
        }
    }

    @Override
    public List<HourCount> hourly(ScanFilter filter) {
        Codes codes = Codes.of(filter);
        return database.read("read hourly scans", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT hour, "
                    + "coalesce(sum(scans) FILTER (WHERE bot = ''), 0), coalesce(sum(scans) FILTER (WHERE bot <> ''), 0) "
                    + "FROM scan_hourly WHERE " + codes.condition() + " AND hour >= ? AND hour < ? GROUP BY hour ORDER BY hour")) {
                int next = codes.bind(ps, 1);
                ps.setLong(next, filter.fromHour());
                ps.setLong(next + 1, filter.toHour());
                List<HourCount> hours = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hours.add(new HourCount(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
                return hours;
            }
        });
    }

    @Override
    public Map<String, Long> breakdown(ScanFilter filter, Dimension dimension) {
        String group = switch (dimension) {
            case DEVICE -> "device";
            case OS -> "os";
            case BROWSER -> "browser";
            case COUNTRY -> "country";
            case CITY -> "city || ', ' || country";
            case REFERRER -> "CASE WHEN referrer = '' THEN 'direct' ELSE referrer END";
            case SOURCE -> "source";
            case BOT -> "bot";
            case CODE -> "code_id";
        };
        String which = switch (dimension) {
            case BOT -> "bot <> ''";
            case CITY -> "bot = '' AND city <> ''";
            default -> "bot = ''";
        };
        Codes codes = Codes.of(filter);
        return database.read("break scans down by " + dimension, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + group + ", sum(scans) FROM scan_hourly WHERE "
                    + codes.condition() + " AND hour >= ? AND hour < ? AND " + which + " GROUP BY 1")) {
                int next = codes.bind(ps, 1);
                ps.setLong(next, filter.fromHour());
                ps.setLong(next + 1, filter.toHour());
                return counts(ps);
            }
        });
    }

    @Override
    public long uniqueHumans(ScanFilter filter) {
        Codes codes = Codes.of(filter);
        return database.read("count unique scanners", connection -> {
            // the day bounds let the primary key narrow each code's rows; first_hour decides
            try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM scan_uniques WHERE " + codes.condition()
                    + " AND day >= ? AND day <= ? AND first_hour >= ? AND first_hour < ?")) {
                int next = codes.bind(ps, 1);
                ps.setLong(next, Math.floorDiv(filter.fromHour(), 24));
                ps.setLong(next + 1, Math.floorDiv(filter.toHour(), 24));
                ps.setLong(next + 2, filter.fromHour());
                ps.setLong(next + 3, filter.toHour());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Read off {@code scan_events_code_at} from the cursor on: a page costs its own rows, however deep. */
    @Override
    public List<Scan> scans(String tenantId, String codeId, Instant from, Instant to, ScanCursor after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, not " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return database.read("read the scans of code " + codeId, connection -> {
            StringBuilder sql = new StringBuilder("SELECT e.* FROM scan_events e WHERE e.code_id = ? "
                    + "AND EXISTS (SELECT 1 FROM codes c WHERE c.id = ? AND c.tenant_id = ?) AND e.at >= ? AND e.at < ?");
            if (after != null) {
                sql.append(" AND (e.at, e.id) > (?, ?)");
            }
            sql.append(" ORDER BY e.at, e.id LIMIT ?");
            try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
                ps.setString(1, codeId);
                ps.setString(2, codeId);
                ps.setString(3, tenantId);
                ps.setObject(4, Rows.timestamp(from));
                ps.setObject(5, Rows.timestamp(to));
                int next = 6;
                if (after != null) {
                    ps.setObject(next++, Rows.timestamp(after.at()));
                    ps.setObject(next++, after.id());
                }
                ps.setInt(next, limit);
                List<Scan> page = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(scan(rs));
                    }
                }
                return page;
            }
        });
    }

    @Override
    public long purgeAddresses(Instant before) {
        return database.write("forget client addresses before " + before, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE scan_events SET ip = NULL WHERE at < ? AND ip IS NOT NULL")) {
                ps.setObject(1, Rows.timestamp(before));
                return (long) ps.executeUpdate();
            }
        });
    }

    @Override
    public long purgeScans(Instant before) {
        return database.write("delete raw scans before " + before, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM scan_events WHERE at < ?")) {
                ps.setObject(1, Rows.timestamp(before));
                return (long) ps.executeUpdate();
            }
        });
    }

    private static Scan scan(ResultSet rs) throws SQLException {
        DeviceClass device = DeviceClass.valueOf(rs.getString("device"));
        Client client = new Client(device, rs.getString("os"), rs.getString("browser"), rs.getString("bot_name"));
        return new Scan(rs.getObject("id", UUID.class), rs.getString("code_id"), instant(rs, "at"),
                ScanSource.valueOf(rs.getString("source")), ScanEvent.Outcome.valueOf(rs.getString("outcome")), rs.getBoolean("head"),
                rs.getBoolean("prefetch"), rs.getString("variant"), rs.getString("ip"), rs.getLong("ip_hash"),
                rs.getString("user_agent"), rs.getString("referrer"), rs.getString("referrer_host"), rs.getString("accept_language"),
                client, new Place(rs.getString("country"), rs.getString("city")));
    }

    private static long hourOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 3600);
    }

    private static String orNone(String value) {
        return value == null ? NONE : value;
    }

    /** The answer of a query whose rows are a key and a count. */
    private static Map<String, Long> counts(PreparedStatement ps) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
