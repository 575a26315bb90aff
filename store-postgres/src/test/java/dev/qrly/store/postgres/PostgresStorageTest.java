package dev.qrly.store.postgres;

import static dev.qrly.core.StoreSamples.TENANT_A;
import static dev.qrly.core.StoreSamples.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrly.core.DomainException;
import dev.qrly.core.Storage;
import dev.qrly.core.StorageContract;
import dev.qrly.core.StoreSamples;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.store.jdbc.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract against the PostgreSQL server, each test in a schema of its own (created,
 * migrated, and dropped after), and what is particular to PostgreSQL.
 */
class PostgresStorageTest extends StorageContract {

    private final String schema = TestDatabase.newSchemaName();
    private final PostgresUrl url = TestDatabase.URL.withSchema(schema);

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(url);
    }

    @Override
    protected Storage reopenStorage() {
        return PostgresStorage.open(url);
    }

    @AfterEach
    void dropSchema() {
        if (storage() != null) {
            storage().close();
        }
        TestDatabase.dropSchema(schema);
    }

    private List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
            try (ResultSet rs = statement.executeQuery(sql)) {
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
        }
    }

    @Test
    void open_newSchema_createsItAndAppliesEveryMigrationOnce() throws SQLException {
        List<Migrations.Migration> available = new Migrations(PostgresStorage.MIGRATIONS, getClass().getClassLoader()).available();

        List<List<Object>> recorded = query("SELECT version, checksum FROM schema_version ORDER BY version");

        assertEquals(available.stream().map(m -> List.<Object>of(m.version(), m.checksum())).toList(), recorded);
    }

    @Test
    void open_existingSchema_runsNoMigrationAgain() throws SQLException {
        givenTenants(TENANT_A);
        given(code(TENANT_A, 1).build());
        List<List<Object>> before = query("SELECT * FROM schema_version");

        reopen();
        reopen();

        assertEquals(before, query("SELECT * FROM schema_version"));
        assertTrue(storage().codes().find(TENANT_A, StoreSamples.id(1)).isPresent());
    }

    @Test
    void open_schemaOfNewerRelease_isRefused() throws SQLException {
        storage().close();
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + schema + ".schema_version VALUES (999, 'from the future', 'x', 0)");
        }

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PostgresStorage.open(url));
        assertTrue(e.getMessage().contains("newer release"), e.getMessage());
    }

    @Test
    void open_twoAtOnceOnANewSchema_bothSucceed() throws Exception {
        String other = TestDatabase.newSchemaName();
        try {
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> PostgresStorage.open(url.withSchema(other)));
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> PostgresStorage.open(url.withSchema(other)));
            try (PostgresStorage a = first.get(); PostgresStorage b = second.get()) {
                assertTrue(a.ping());
                assertTrue(b.ping());
            }
        } finally {
            TestDatabase.dropSchema(other);
        }
    }

    @Test
    void listSql_everyOrder_isReadOffItsIndexWithoutASort() throws SQLException {
        givenTenants(TENANT_A);
        for (CodeQuery.Order order : CodeQuery.Order.values()) {
            CodeQuery query = new CodeQuery(50, new CodeQuery.Cursor(1, "menu", "ABCDEFGH"), null, null, order);
            String plan = explain(PostgresCodeStore.listSql(query), order);
            // the tags' subquery sorts a code's few tags; the page itself must not be sorted
            String page = plan.substring(0, plan.contains("SubPlan") ? plan.indexOf("SubPlan") : plan.length());

            assertTrue(page.contains(order == CodeQuery.Order.LABEL ? "codes_by_label" : "codes_listing"), order + ": " + plan);
            assertTrue(page.contains("ROW("), "a seek to the cursor, not a walk from the start: " + plan);
            assertFalse(page.contains("Sort"), order + ": " + plan);
        }
    }

    /** The plan with sequential scans off: an empty table's plan says which index the query can use. */
    private String explain(String sql, CodeQuery.Order order) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
            statement.execute("SET enable_seqscan = off");
            try (PreparedStatement ps = connection.prepareStatement("EXPLAIN " + sql)) {
                ps.setString(1, TENANT_A);
                if (order == CodeQuery.Order.LABEL) {
                    ps.setString(2, "menu");
                } else {
                    ps.setObject(2, Rows.timestamp(java.time.Instant.ofEpochMilli(1)));
                }
                ps.setString(3, "ABCDEFGH");
                ps.setInt(4, 51);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            }
        }
    }

    @Test
    void insert_codeOfUnknownTenant_throwsStoreExceptionNamingTheActionAndSqlStateNotTheSql() {
        PostgresStoreException e = assertThrows(PostgresStoreException.class, () -> given(code("NOTENANT", 1).build()));

        assertTrue(e.getMessage().contains("insert code " + StoreSamples.id(1)), e.getMessage());
        assertTrue(e.getMessage().contains("SQLState 23503"), e.getMessage());
        assertFalse(e.getMessage().contains("INSERT"), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
    }

    @Test
    void codes_afterClose_throwIllegalState() {
        storage().close();

        assertThrows(IllegalStateException.class, () -> storage().codes().find(TENANT_A, "ANYTHING"));
        assertThrows(IllegalStateException.class, () -> storage().tenants().insertTenant(StoreSamples.tenant(TENANT_A)));
    }

    @Test
    void serverGone_pingIsFalseQuickly_writesThrowUnavailable_andItRecovers() throws Exception {
        String server = TestDatabase.URL.server();
        int colon = server.lastIndexOf(':');
        try (TcpProxy proxy = new TcpProxy(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)))) {
            String proxied = "127.0.0.1:" + proxy.port();
            PostgresUrl throughProxy = new PostgresUrl(url.base().replace(server, proxied), url.parameters(), url.user(),
                    url.password(), proxied, schema);
            try (PostgresStorage storage = PostgresStorage.open(throughProxy)) {
                assertTrue(storage.ping());

                proxy.cut();

                long start = System.nanoTime();
                assertFalse(storage.ping());
                assertTrue(System.nanoTime() - start < 3_500_000_000L, "ping took " + (System.nanoTime() - start) / 1_000_000 + " ms");
                start = System.nanoTime();
                DomainException e = assertThrows(DomainException.class,
                        () -> storage.tenants().insertTenant(StoreSamples.tenant(TENANT_A)));
                assertTrue(System.nanoTime() - start < 6_000_000_000L, "the write took " + (System.nanoTime() - start) / 1_000_000 + " ms");
                assertEquals(DomainException.Kind.UNAVAILABLE, e.kind());
                assertTrue(e.getMessage().contains(proxied), e.getMessage());
                assertTrue(e.getMessage().contains("insert tenant " + TENANT_A), e.getMessage());

                proxy.restore();

                // the pool reconnects on its own, within its back-off between attempts (a few seconds)
                long deadline = System.nanoTime() + 15_000_000_000L;
                while (!storage.ping() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(storage.ping(), "the pool reconnects by itself");
                storage.tenants().insertTenant(StoreSamples.tenant(TENANT_A));
                assertTrue(storage.tenants().findTenant(TENANT_A).isPresent());
            }
        }
    }

    @Test
    void open_closedPort_throwsUnavailableNamingTheServerQuickly() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();

        DomainException e = assertThrows(DomainException.class,
                () -> PostgresStorage.open("postgres://postgres@127.0.0.1:" + closedPort + "/test"));

        assertTrue(System.nanoTime() - start < 6_000_000_000L, "open took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(DomainException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }
}
