package dev.qrly.store.sqlite;

import dev.qrly.core.analytics.AnalyticsStore;
import dev.qrly.core.analytics.Dimension;
import dev.qrly.core.analytics.HourCount;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.analytics.ScanCursor;
import dev.qrly.core.analytics.ScanFilter;
import dev.qrly.core.analytics.Totals;
import dev.qrly.core.scan.ScanEvent;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;

/**
 * The analytics store on SQLite (schema V3): scans in blocks, hourly rollups, unique scanners and
 * totals, all written in the batch's one transaction.
 *
 * <p>A batch is first reduced in memory: its scans grouped into one block per code, its rollup rows
 * summed by key, its unique scanners collected; then each distinct row is written once. Under a
 * stream of scans of few codes a batch of thousands is a handful of rows.
 */
final class SqliteAnalyticsStore implements AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(SqliteAnalyticsStore.class.getName());

    /** The most scans in one block: exports decode whole blocks, so they should stay small enough to read quickly. */
    static final int BLOCK_SCANS = 4096;
    /** Rows per INSERT of rollups, unique scanners and totals; measured for scan rows in schema V2. */
    static final int ROWS_PER_STATEMENT = 64;
    /**
     * How long rollup counts gather in memory before they are written. Within a batch nearly every
     * scan of a varied stream has a rollup key of its own; over seconds the keys repeat, and the
     * rollup rows written fall by as much. Answers merge the pending counts, so they are never late.
     */
    static final long ROLLUP_FLUSH_NANOS = 5_000_000_000L;
    /** Pending rollup keys past which they are written at once. */
    static final int MAX_PENDING_KEYS = 200_000;
    private static final String WATERMARK = "rollups_through_block";
    /** Past this many remembered unique scanners the memory starts again; the table's key makes a repeat harmless. */
    private static final int MAX_REMEMBERED_UNIQUES = 500_000;

    private final Database database;
    private final JdbcUnenrichedScans unenriched;
    /** (code, day, hash) keys known to be stored: such a scanner needs no write. Guarded by this. */
    private final Set<UniqueKey> storedUniques = new HashSet<>();
    /** Rollup counts written to blocks but not yet to scan_hourly; guarded by {@link #pendingLock}. */
    private final Map<RollupKey, long[]> pending = new HashMap<>();
    /** Readers (which merge {@link #pending} into what they read) share it; writing it, and flushing it, excludes them. */
    private final ReentrantReadWriteLock pendingLock = new ReentrantReadWriteLock();
    /** When {@link #pending} got its first count since the last flush; guarded by this. */
    private long pendingSince;
    /** Dimension values and their ids. Guarded by this. */
    private final Dims dims = new Dims();
    /** The next block id; -1 until read from the table. Guarded by this. */
    private long nextBlockId = -1;

    SqliteAnalyticsStore(Database database) {
        this.database = database;
        this.unenriched = new JdbcUnenrichedScans(database);
    }

    /** A rollup row's key, as dimension ids; its hash is computed once, as the batch's map meets it several times. */
    private record RollupKey(long code, long hour, long source, long device, long os, long browser, long bot, long country,
            long city, long referrer, int hash) {
        RollupKey(long code, long hour, long source, long device, long os, long browser, long bot, long country, long city,
                long referrer) {
            this(code, hour, source, device, os, browser, bot, country, city, referrer,
                    hash(code, hour, source, device, os, browser, bot, country, city, referrer));
        }

        private static int hash(long... ids) {
            long h = 1;
            for (long id : ids) {
                h = h * 1_000_003 + id;
            }
            return Long.hashCode(h);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RollupKey k && hash == k.hash && code == k.code && hour == k.hour && source == k.source
                    && device == k.device && os == k.os && browser == k.browser && bot == k.bot && country == k.country
                    && city == k.city && referrer == k.referrer;
        }
    }

    private record UniqueKey(long code, long day, long ipHash) {}

    /** Synchronized: the batch is reduced against {@link #storedUniques}, which only one writer may use at a time. */
    @Override
    public synchronized void append(List<Scan> scans) {
        append(scans, false);
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
    public synchronized List<Scan> appendUnenriched(List<Scan> scans) {
        return append(scans, true);
    }

    /** Appends the scans (with {@code fromUnenriched}, only those whose kept events it deletes); returns those appended. */
    private List<Scan> append(List<Scan> all, boolean fromUnenriched) {
        if (all.isEmpty()) {
            return all;
        }
        int capacity = all.size() * 2;
        Map<UniqueKey, Long> uniques = new HashMap<>(capacity);
        Map<RollupKey, long[]> batchRollups = new HashMap<>(capacity);
        List<Scan> appended = database.write("record " + all.size() + " scans", connection -> {
            List<Scan> scans = fromUnenriched ? unenriched.take(connection, all) : all;
            Map<String, List<Scan>> byCode = new LinkedHashMap<>(capacity);
            for (Scan scan : scans) {
                byCode.computeIfAbsent(scan.codeId(), k -> new ArrayList<>()).add(scan);
            }
            try {
                Map<RollupKey, long[]> rollups = new HashMap<>(capacity);
                Map<Long, long[]> totals = new HashMap<>(capacity);
                for (Scan scan : scans) {
                    RollupKey key = rollupKey(connection, scan);
                    rollups.computeIfAbsent(key, k -> new long[1])[0]++;
                    long code = key.code();
                    long[] total = totals.computeIfAbsent(code, k -> new long[2]);
                    if (scan.bot()) {
                        total[1]++;
                    } else {
                        total[0]++;
                        UniqueKey unique = new UniqueKey(code, Math.floorDiv(key.hour(), 24), scan.ipHash());
                        if (!storedUniques.contains(unique)) {
                            uniques.merge(unique, key.hour(), Math::min);
                        }
                    }
                }
                writeBlocks(connection, byCode);
                writeUniques(connection, uniques);
                writeTotals(connection, totals);
                batchRollups.putAll(rollups);
            } catch (SQLException | RuntimeException e) {
                nextBlockId = -1; // ids taken in the rolled-back transaction are free again
                dims.forget(); // and so are dimension ids
                throw e;
            }
            return scans;
        });
        addPending(batchRollups);
        if (storedUniques.size() + uniques.size() > MAX_REMEMBERED_UNIQUES) {
            storedUniques.clear();
        }
        storedUniques.addAll(uniques.keySet());
        if (pending.size() > MAX_PENDING_KEYS || System.nanoTime() - pendingSince > ROLLUP_FLUSH_NANOS) {
            flushRollups();
        }
        return appended;
    }

    private void addPending(Map<RollupKey, long[]> counts) {
        pendingLock.writeLock().lock();
        try {
            if (pending.isEmpty()) {
                pendingSince = System.nanoTime();
            }
            counts.forEach((key, count) -> pending.computeIfAbsent(key, k -> new long[1])[0] += count[0]);
        } finally {
            pendingLock.writeLock().unlock();
        }
    }

    /**
     * Writes the pending rollup counts, and the id of the last block they include, in one
     * transaction. Readers wait for it: none may see the counts both pending and written.
     */
    synchronized void flushRollups() {
        pendingLock.writeLock().lock();
        try {
            if (pending.isEmpty()) {
                return;
            }
            long through = nextBlockId - 1;
            database.write("write " + pending.size() + " rollup rows", connection -> {
                writeRollups(connection, pending);
                setWatermark(connection, through);
                return null;
            });
            pending.clear();
        } finally {
            pendingLock.writeLock().unlock();
        }
    }

    private static void setWatermark(Connection connection, long block) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO scan_state (name, value) VALUES ('" + WATERMARK + "', ?) ON CONFLICT DO UPDATE SET value = excluded.value")) {
            ps.setLong(1, block);
            ps.executeUpdate();
        }
    }

    /**
     * Counts into the rollups the blocks written after the last rollup flush: those of a process
     * that stopped without flushing (a crash). Called when the store opens.
     */
    synchronized void recover() {
        long recovered = database.write("count blocks past the rollups' watermark", connection -> {
            long through = 0;
            try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM scan_state WHERE name = '" + WATERMARK + "'");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    through = rs.getLong(1);
                }
            }
            Map<RollupKey, long[]> counts = new HashMap<>();
            long last = through;
            long scans = 0;
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT id, code, first_at, data FROM scan_blocks WHERE id > ? ORDER BY id")) {
                ps.setLong(1, through);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        for (Scan scan : ScanBlocks.decode(rs.getString(2), rs.getLong(3), rs.getBytes(4), null)) {
                            counts.computeIfAbsent(rollupKey(connection, scan), k -> new long[1])[0]++;
                            scans++;
                        }
                    }
                }
            }
            if (last > through) {
                writeRollups(connection, counts);
                setWatermark(connection, last);
            }
            return scans;
        });
        if (recovered > 0) {
            LOG.info("counted " + recovered + " scans into the hourly rollups that a previous run had not");
        }
    }

    private RollupKey rollupKey(Connection connection, Scan scan) throws SQLException {
        return new RollupKey(dims.id(connection, Dims.CODE, scan.codeId()), Math.floorDiv(scan.at().getEpochSecond(), 3600),
                dims.id(connection, Dims.SOURCE, scan.source().key()), dims.id(connection, Dims.DEVICE, scan.client().device().key()),
                dims.id(connection, Dims.OS, scan.client().os()), dims.id(connection, Dims.BROWSER, scan.client().browser()),
                dims.id(connection, Dims.BOT, scan.bot() ? scan.client().botName() : null),
                dims.id(connection, Dims.COUNTRY, scan.place().country()), dims.id(connection, Dims.CITY, scan.place().city()),
                dims.id(connection, Dims.REFERRER, scan.referrerHost()));
    }

    private void writeBlocks(Connection connection, Map<String, List<Scan>> byCode) throws SQLException {
        if (nextBlockId < 0) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT coalesce(max(id), 0) + 1 FROM scan_blocks");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                nextBlockId = rs.getLong(1);
            }
        }
        try (PreparedStatement blocks = connection.prepareStatement(
                "INSERT INTO scan_blocks (id, code, first_at, last_at, scans, data, addresses) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Scan>> entry : byCode.entrySet()) {
                List<Scan> all = entry.getValue();
                for (int start = 0; start < all.size(); start += BLOCK_SCANS) {
                    List<Scan> part = all.subList(start, Math.min(all.size(), start + BLOCK_SCANS));
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    for (Scan scan : part) {
                        long at = scan.at().toEpochMilli();
                        first = Math.min(first, at);
                        last = Math.max(last, at);
                    }
                    blocks.setLong(1, nextBlockId++);
                    blocks.setString(2, entry.getKey());
                    blocks.setLong(3, first);
                    blocks.setLong(4, last);
                    blocks.setInt(5, part.size());
                    blocks.setBytes(6, ScanBlocks.encode(part, first));
                    blocks.setBytes(7, ScanBlocks.encodeAddresses(part));
                    blocks.executeUpdate();
                }
            }
        }
    }

    private static void writeRollups(Connection connection, Map<RollupKey, long[]> rollups) throws SQLException {
        insertRows(connection, "INSERT INTO scan_hourly (code, hour, source, device, os, browser, bot, country, city, referrer, scans) "
                + "VALUES ", "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT DO UPDATE SET scans = scans + excluded.scans", 11,
                inKeyOrder(rollups, ROLLUP_ORDER), (ps, at, entry) -> {
                    RollupKey key = entry.getKey();
                    ps.setLong(at, key.code());
                    ps.setLong(at + 1, key.hour());
                    ps.setLong(at + 2, key.source());
                    ps.setLong(at + 3, key.device());
                    ps.setLong(at + 4, key.os());
                    ps.setLong(at + 5, key.browser());
                    ps.setLong(at + 6, key.bot());
                    ps.setLong(at + 7, key.country());
                    ps.setLong(at + 8, key.city());
                    ps.setLong(at + 9, key.referrer());
                    ps.setLong(at + 10, entry.getValue()[0]);
                });
    }

    private static void writeUniques(Connection connection, Map<UniqueKey, Long> uniques) throws SQLException {
        insertRows(connection, "INSERT INTO scan_uniques (code, day, ip_hash, first_hour) VALUES ", "(?, ?, ?, ?)",
                " ON CONFLICT DO NOTHING", 4, inKeyOrder(uniques, UNIQUE_ORDER), (ps, at, entry) -> {
                    ps.setLong(at, entry.getKey().code());
                    ps.setLong(at + 1, entry.getKey().day());
                    ps.setLong(at + 2, entry.getKey().ipHash());
                    ps.setLong(at + 3, entry.getValue());
                });
    }

    private static void writeTotals(Connection connection, Map<Long, long[]> totals) throws SQLException {
        insertRows(connection, "INSERT INTO scan_totals (code, humans, bots) VALUES ", "(?, ?, ?)",
                " ON CONFLICT DO UPDATE SET humans = humans + excluded.humans, bots = bots + excluded.bots", 3,
                List.copyOf(totals.entrySet()), (ps, at, entry) -> {
                    ps.setLong(at, entry.getKey());
                    ps.setLong(at + 1, entry.getValue()[0]);
                    ps.setLong(at + 2, entry.getValue()[1]);
                });
    }

    private static final Comparator<RollupKey> ROLLUP_ORDER = Comparator.comparingLong(RollupKey::code)
            .thenComparingLong(RollupKey::hour).thenComparingLong(RollupKey::source).thenComparingLong(RollupKey::device)
            .thenComparingLong(RollupKey::os).thenComparingLong(RollupKey::browser).thenComparingLong(RollupKey::bot)
            .thenComparingLong(RollupKey::country).thenComparingLong(RollupKey::city).thenComparingLong(RollupKey::referrer);
    private static final Comparator<UniqueKey> UNIQUE_ORDER = Comparator.comparingLong(UniqueKey::code)
            .thenComparingLong(UniqueKey::day).thenComparingLong(UniqueKey::ipHash);

    /**
     * The rows in their table's key order: consecutive rows then land on the same index pages,
     * which the transaction writes once, rather than on pages all over the index.
     */
    private static <K, V> List<Map.Entry<K, V>> inKeyOrder(Map<K, V> rows, Comparator<K> order) {
        List<Map.Entry<K, V>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort(Map.Entry.comparingByKey(order));
        return sorted;
    }

    /** Binds one row's parameters, the first at {@code at}. */
    @FunctionalInterface
    private interface RowBinder<T> {
        void bind(PreparedStatement ps, int at, T row) throws SQLException;
    }

    /**
     * Writes rows {@value #ROWS_PER_STATEMENT} to a statement: with a row a statement, preparing,
     * stepping and resetting cost more than the row (docs/BENCHMARKS.md). A batch never holds one key
     * twice, so a row's upsert never meets another of the same statement.
     */
    private static <T> void insertRows(Connection connection, String head, String row, String tail, int fields, List<T> rows,
            RowBinder<T> binder) throws SQLException {
        int whole = rows.size() / ROWS_PER_STATEMENT * ROWS_PER_STATEMENT;
        if (whole > 0) {
            try (PreparedStatement many = connection.prepareStatement(statement(head, row, tail, ROWS_PER_STATEMENT))) {
                for (int start = 0; start < whole; start += ROWS_PER_STATEMENT) {
                    for (int i = 0; i < ROWS_PER_STATEMENT; i++) {
                        binder.bind(many, 1 + i * fields, rows.get(start + i));
                    }
                    many.executeUpdate();
                }
            }
        }
        int rest = rows.size() - whole;
        if (rest > 0) {
            try (PreparedStatement last = connection.prepareStatement(statement(head, row, tail, rest))) {
                for (int i = 0; i < rest; i++) {
                    binder.bind(last, 1 + i * fields, rows.get(whole + i));
                }
                last.executeUpdate();
            }
        }
    }

    private static String statement(String head, String row, String tail, int rows) {
        StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2) + tail.length());
        sql.append(head);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(tail).toString();
    }

    @Override
    public long humans(String codeId) {
        return database.read("count the human scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT t.humans FROM scan_totals t JOIN scan_dims d ON d.id = t.code "
                    + "WHERE d.kind = " + Dims.CODE + " AND d.value = ?")) {
                ps.setString(1, codeId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Map<String, Totals> totals(String tenantId, Collection<String> codeIds) {
        if (codeIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(codeIds));
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return database.read("read the totals of " + ids.size() + " codes", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT d.value, t.humans, t.bots FROM scan_totals t "
                    + "JOIN scan_dims d ON d.id = t.code AND d.kind = " + Dims.CODE + " "
                    + "JOIN codes c ON c.id = d.value AND c.tenant_id = ? WHERE d.value IN (" + marks + ")")) {
                ps.setString(1, tenantId);
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 2, ids.get(i));
                }
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

    /** The codes a filter counts, as a condition on {@code code} with its parameters. */
    private record Codes(String ids, List<Object> parameters) {
        static Codes of(ScanFilter filter) {
            String dims = "SELECT d.id FROM scan_dims d WHERE d.kind = " + Dims.CODE + " AND d.value IN ";
            if (filter.codeId() != null) {
                return new Codes(dims + "(SELECT id FROM codes WHERE id = ? AND tenant_id = ?)", List.of(filter.codeId(), filter.tenantId()));
            }
            if (filter.tag() != null) {
                return new Codes(dims + "(SELECT c.id FROM codes c JOIN code_tags t ON t.code_id = c.id WHERE c.tenant_id = ? AND t.tag = ?)",
                        List.of(filter.tenantId(), filter.tag()));
            }
            return new Codes(dims + "(SELECT id FROM codes WHERE tenant_id = ?)", List.of(filter.tenantId()));
        }

        /** A condition on a table's {@code code} column. */
        String condition() {
            return "code IN (" + ids + ")";
        }

        /** The dimension ids of the codes, read when pending counts are to be merged. */
        Set<Long> read(Connection connection) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(ids)) {
                bind(ps, 1);
                Set<Long> found = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
                return found;
            }
        }

        int bind(PreparedStatement ps, int first) throws SQLException {
            int index = first;
            for (Object parameter : parameters) {
                ps.setObject(index++, parameter);
            }
            return index;
        }
    }

    /** Runs a read that merges the pending rollup counts: under the read lock, so that no flush moves them meanwhile. */
    private <T> T readWithPending(String action, dev.qrly.store.jdbc.Sql.Work<T> work) {
        pendingLock.readLock().lock();
        try {
            return database.read(action, work);
        } finally {
            pendingLock.readLock().unlock();
        }
    }

    @Override
    public List<HourCount> hourly(ScanFilter filter) {
        Codes codes = Codes.of(filter);
        return readWithPending("read hourly scans", connection -> {
            Map<Long, long[]> hours = new TreeMap<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT hour, sum(CASE WHEN bot = 0 THEN scans ELSE 0 END), "
                    + "sum(CASE WHEN bot = 0 THEN 0 ELSE scans END) FROM scan_hourly WHERE " + codes.condition()
                    + " AND hour >= ? AND hour < ? GROUP BY hour")) {
                int next = codes.bind(ps, 1);
                ps.setLong(next, filter.fromHour());
                ps.setLong(next + 1, filter.toHour());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hours.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
            if (!pending.isEmpty()) {
                Set<Long> ids = codes.read(connection);
                pending.forEach((key, count) -> {
                    if (ids.contains(key.code()) && key.hour() >= filter.fromHour() && key.hour() < filter.toHour()) {
                        hours.computeIfAbsent(key.hour(), h -> new long[2])[key.bot() == 0 ? 0 : 1] += count[0];
                    }
                });
            }
            List<HourCount> list = new ArrayList<>(hours.size());
            hours.forEach((hour, counts) -> list.add(new HourCount(hour, counts[0], counts[1])));
            return list;
        });
    }

    /** A breakdown's group: the dimension's id, and for cities the country's. */
    private record Group(long id, long country) {}

    private static long column(RollupKey key, Dimension dimension) {
        return switch (dimension) {
            case DEVICE -> key.device();
            case OS -> key.os();
            case BROWSER -> key.browser();
            case COUNTRY -> key.country();
            case CITY -> key.city();
            case REFERRER -> key.referrer();
            case SOURCE -> key.source();
            case BOT -> key.bot();
            case CODE -> key.code();
        };
    }

    private static boolean counts(RollupKey key, Dimension dimension) {
        return switch (dimension) {
            case BOT -> key.bot() != 0;
            case CITY -> key.bot() == 0 && key.city() != 0;
            default -> key.bot() == 0;
        };
    }

    @Override
    public Map<String, Long> breakdown(ScanFilter filter, Dimension dimension) {
        String column = dimension.name().toLowerCase(Locale.ROOT);
        String which = switch (dimension) {
            case BOT -> "bot <> 0";
            case CITY -> "bot = 0 AND city <> 0";
            default -> "bot = 0";
        };
        Codes codes = Codes.of(filter);
        return readWithPending("break scans down by " + dimension, connection -> {
            Map<Group, Long> groups = new HashMap<>();
            String country = dimension == Dimension.CITY ? "country" : "0";
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + column + ", " + country + ", sum(scans) FROM scan_hourly "
                    + "WHERE " + codes.condition() + " AND hour >= ? AND hour < ? AND " + which + " GROUP BY 1, 2")) {
                int next = codes.bind(ps, 1);
                ps.setLong(next, filter.fromHour());
                ps.setLong(next + 1, filter.toHour());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.merge(new Group(rs.getLong(1), rs.getLong(2)), rs.getLong(3), Long::sum);
                    }
                }
            }
            if (!pending.isEmpty()) {
                Set<Long> ids = codes.read(connection);
                pending.forEach((key, count) -> {
                    if (ids.contains(key.code()) && key.hour() >= filter.fromHour() && key.hour() < filter.toHour()
                            && counts(key, dimension)) {
                        groups.merge(new Group(column(key, dimension), dimension == Dimension.CITY ? key.country() : 0), count[0],
                                Long::sum);
                    }
                });
            }
            Map<Long, String> names = names(connection, groups.keySet());
            Map<String, Long> named = new HashMap<>();
            groups.forEach((group, count) -> {
                String name = switch (dimension) {
                    case CITY -> names.get(group.id()) + ", " + names.get(group.country());
                    case REFERRER -> group.id() == 0 ? "direct" : names.get(group.id());
                    default -> names.get(group.id());
                };
                named.merge(name, count, Long::sum);
            });
            return named;
        });
    }

    /** The values of the groups' dimension ids, read in chunks. */
    private static Map<Long, String> names(Connection connection, Set<Group> groups) throws SQLException {
        Set<Long> ids = new HashSet<>();
        for (Group group : groups) {
            ids.add(group.id());
            ids.add(group.country());
        }
        ids.remove(0L);
        List<Long> all = new ArrayList<>(ids);
        Map<Long, String> names = new HashMap<>();
        for (int start = 0; start < all.size(); start += 500) {
            List<Long> chunk = all.subList(start, Math.min(all.size(), start + 500));
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, value FROM scan_dims WHERE id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
        return names;
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

    private static final Comparator<Scan> TIME_ORDER = Comparator.comparing(Scan::at).thenComparing(Scan::id);

    /**
     * Blocks are read in order of their first scan, and only until no later block can hold a scan
     * earlier than the page's last: a block's scans are all at or after its {@code first_at}.
     */
    @Override
    public List<Scan> scans(String tenantId, String codeId, Instant from, Instant to, ScanCursor after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, not " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        long lowest = after != null && after.at().isAfter(from) ? after.at().toEpochMilli() : from.toEpochMilli();
        return database.read("read the scans of code " + codeId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT b.first_at, b.data, b.addresses FROM scan_blocks b "
                    + "WHERE b.code IN (SELECT id FROM codes WHERE id = ? AND tenant_id = ?) AND b.last_at >= ? AND b.first_at < ? "
                    + "ORDER BY b.first_at, b.id")) {
                ps.setString(1, codeId);
                ps.setString(2, tenantId);
                ps.setLong(3, lowest);
                ps.setLong(4, to.toEpochMilli());
                List<Scan> page = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long firstAt = rs.getLong(1);
                        if (page.size() >= limit) {
                            page.sort(TIME_ORDER);
                            page.subList(limit, page.size()).clear();
                            if (firstAt > page.get(limit - 1).at().toEpochMilli()) {
                                break;
                            }
                        }
                        for (Scan scan : ScanBlocks.decode(codeId, firstAt, rs.getBytes(2), rs.getBytes(3))) {
                            if (!scan.at().isBefore(from) && scan.at().isBefore(to) && (after == null || isAfter(scan, after))) {
                                page.add(scan);
                            }
                        }
                    }
                }
                page.sort(TIME_ORDER);
                return page.size() > limit ? new ArrayList<>(page.subList(0, limit)) : page;
            }
        });
    }

    private static boolean isAfter(Scan scan, ScanCursor cursor) {
        int byTime = scan.at().compareTo(cursor.at());
        return byTime > 0 || (byTime == 0 && scan.id().compareTo(cursor.id()) > 0);
    }

    @Override
    public long purgeAddresses(Instant before) {
        return database.write("forget client addresses before " + before, connection -> {
            long count = count(connection, "SELECT coalesce(sum(scans), 0) FROM scan_blocks WHERE last_at < ? AND addresses IS NOT NULL",
                    before);
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE scan_blocks SET addresses = NULL WHERE last_at < ? AND addresses IS NOT NULL")) {
                ps.setLong(1, before.toEpochMilli());
                ps.executeUpdate();
            }
            return count;
        });
    }

    @Override
    public long purgeScans(Instant before) {
        return database.write("delete raw scans before " + before, connection -> {
            long count = count(connection, "SELECT coalesce(sum(scans), 0) FROM scan_blocks WHERE last_at < ?", before);
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM scan_blocks WHERE last_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                ps.executeUpdate();
            }
            return count;
        });
    }

    private static long count(Connection connection, String sql, Instant before) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, before.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
