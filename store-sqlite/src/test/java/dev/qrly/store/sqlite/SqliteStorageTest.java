package dev.qrly.store.sqlite;

import dev.qrly.core.Storage;
import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.StorageContract;
import dev.qrly.core.StoreSamples;
import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.store.jdbc.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file per test, and what is particular to SQLite. */
class SqliteStorageTest extends StorageContract {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data").resolve("qrly.db");
    }

    @Override
    protected Storage openStorage() {
        return SqliteStorage.open(file());
    }

    @Override
    protected Storage reopenStorage() {
        return SqliteStorage.open(file());
    }

    private Database database() {
        return ((SqliteStorage) storage()).database();
    }

    private List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            return rows(rs);
        }
    }

    private static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    @Test
    void open_missingDirectories_createsThemAndTheFile() {
        assertTrue(Files.isRegularFile(file()));
    }

    @Test
    void open_newFile_isInWalMode() throws SQLException {
        assertEquals(List.of(List.of("wal")), query("PRAGMA journal_mode"));
    }

    @Test
    void open_writeConnection_hasForeignKeysSynchronousNormalAndBusyTimeout() {
        List<Object> settings = database().write("read settings", c -> List.of(pragma(c, "foreign_keys"),
                pragma(c, "synchronous"), pragma(c, "busy_timeout")));

        assertEquals(List.of(1, 1, SqliteStorage.BUSY_TIMEOUT_MILLIS), settings);
    }

    @Test
    void open_readConnections_areQueryOnlyWithForeignKeysAndBusyTimeout() {
        List<Object> settings = database().read("read settings", c -> List.of(pragma(c, "query_only"),
                pragma(c, "foreign_keys"), pragma(c, "busy_timeout")));

        assertEquals(List.of(1, 1, SqliteStorage.BUSY_TIMEOUT_MILLIS), settings);
    }

    @Test
    void open_newFile_appliesEveryMigrationOnceAndRecordsIt() throws SQLException {
        List<Migrations.Migration> available = new Migrations(SqliteStorage.MIGRATIONS, getClass().getClassLoader()).available();

        List<List<Object>> recorded = query("SELECT version, checksum FROM schema_version ORDER BY version");

        assertEquals(available.stream().map(m -> List.<Object>of(m.version(), m.checksum())).toList(), recorded);
        assertEquals(1, available.get(0).version());
    }

    @Test
    void open_existingFile_runsNoMigrationAgain() throws SQLException {
        givenTenants(TENANT_A);
        given(code(TENANT_A, 1).build());
        List<List<Object>> before = query("SELECT * FROM schema_version");

        reopen();
        reopen();

        assertEquals(before, query("SELECT * FROM schema_version"));
        assertTrue(storage().codes().find(TENANT_A, StoreSamples.id(1)).isPresent());
    }

    @Test
    void open_fileOfNewerRelease_isRefused() throws SQLException {
        storage().close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version VALUES (999, 'from the future', 'x', 0)");
        }

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SqliteStorage.open(file()));
        assertTrue(e.getMessage().contains("newer release"), e.getMessage());
    }

    @Test
    void read_whileAWriteTransactionIsOpen_doesNotWaitForIt() {
        givenTenants(TENANT_A);
        Code code = code(TENANT_A, 1).build();

        Optional<Code> seenDuringWrite = database().write("hold the write lock", c -> {
            try (Statement statement = c.createStatement()) {
                statement.execute("INSERT INTO codes (id, tenant_id, slug, slug_key, destination, active, error_correction, "
                        + "foreground, margin, created_at, updated_at, search_text) VALUES ('" + code.id() + "', '" + TENANT_A
                        + "', 'held', 'HELD', 'https://example.com/', 1, 'M', '#000000', 4, 0, 0, '')");
            }
            return CompletableFuture.supplyAsync(() -> storage().codes().find(TENANT_A, code.id())).orTimeout(2, TimeUnit.SECONDS)
                    .join();
        });

        assertEquals(Optional.empty(), seenDuringWrite);
        assertTrue(storage().codes().find(TENANT_A, code.id()).isPresent());
    }

    @Test
    void listSql_everyOrderAndFilterCombination_readsThePageOffAnIndexUnsorted() {
        for (CodeQuery.Order order : CodeQuery.Order.values()) {
            for (CodeQuery.Cursor cursor : java.util.Arrays.asList(null, new CodeQuery.Cursor(1, "Menu", "ABCDEFGH"),
                    new CodeQuery.Cursor(1, null, "ABCDEFGH"))) {
                for (String[] filter : new String[][] {{null, null}, {"tag", null}, {null, "text"}, {"tag", "text"}}) {
                    assertReadOffIndex(new CodeQuery(50, cursor, filter[0], filter[1], order),
                            order == CodeQuery.Order.LABEL ? "codes_by_label" : "codes_listing");
                }
            }
        }
    }

    private void assertReadOffIndex(CodeQuery query, String index) {
        {
            String plan = database().read("explain", c -> {
                try (var ps = c.prepareStatement("EXPLAIN QUERY PLAN " + SqliteCodeStore.listSql(query))) {
                    for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                        ps.setObject(i, 1);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        return rows(rs).toString();
                    }
                }
            });

            assertTrue(plan.contains(index), query + ": " + plan);
            if (query.after() != null) {
                // a seek to the cursor, not a walk from the start of the index
                assertTrue(plan.contains("tenant_id=? AND ("), query + ": " + plan);
            }
            assertFalse(plan.contains("TEMP B-TREE"), query + ": " + plan);
        }
    }

    @Test
    void insert_codeOfUnknownTenant_throwsStoreExceptionNamingTheActionNotTheSql() {
        SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> given(code("NOTENANT", 1).build()));

        assertTrue(e.getMessage().contains("insert code " + StoreSamples.id(1)), e.getMessage());
        assertTrue(e.getMessage().contains("FOREIGNKEY"), e.getMessage());
        assertFalse(e.getMessage().contains("INSERT"), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
    }

    @Test
    void codes_afterClose_throwIllegalState() {
        storage().close();

        assertThrows(IllegalStateException.class, () -> storage().codes().find(TENANT_A, "ANYTHING"));
        assertThrows(IllegalStateException.class, () -> storage().tenants().insertTenant(StoreSamples.tenant(TENANT_A)));
    }
}
