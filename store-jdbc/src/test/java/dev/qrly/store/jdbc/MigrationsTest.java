package dev.qrly.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
    }

    @AfterEach
    void disconnect() throws SQLException {
        connection.close();
    }

    private static Migrations migrations(String folder) {
        return new Migrations(folder, MigrationsTest.class.getClassLoader());
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void migrate_freshDatabase_appliesEveryFileInNumericOrder() throws SQLException {
        assertEquals(List.of(1, 2, 10), migrations("migrations/ordered").migrate(connection));

        assertEquals(List.of("1 create notes", "2 add author", "10 seed"),
                strings("SELECT version || ' ' || description FROM schema_version ORDER BY version"));
        assertEquals(List.of("it's; after V2|me", "second -- not a comment|you"),
                strings("SELECT body || '|' || author FROM notes ORDER BY id"));
    }

    @Test
    void migrate_secondTime_appliesNothing() throws SQLException {
        migrations("migrations/ordered").migrate(connection);
        List<String> recorded = strings("SELECT version || applied_at FROM schema_version ORDER BY version");

        assertEquals(List.of(), migrations("migrations/ordered").migrate(connection));

        assertEquals(recorded, strings("SELECT version || applied_at FROM schema_version ORDER BY version"));
        assertEquals(List.of("2"), strings("SELECT count(*) FROM notes"));
    }

    @Test
    void migrate_failingFile_rollsItBackAndKeepsTheOnesBefore() throws SQLException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> migrations("migrations/broken").migrate(connection));

        assertTrue(e.getMessage().contains("V2__half_done.sql"), e.getMessage());
        assertEquals(List.of("1"), strings("SELECT version FROM schema_version"));
        assertEquals(List.of("notes", "schema_version"),
                strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
        assertTrue(connection.getAutoCommit());
    }

    @Test
    void migrate_appliedFileEdited_isRefused() throws SQLException {
        migrations("migrations/ordered").migrate(connection);
        execute("UPDATE schema_version SET checksum = 'edited' WHERE version = 2");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> migrations("migrations/ordered").migrate(connection));

        assertTrue(e.getMessage().contains("V2__add_author.sql"), e.getMessage());
    }

    @Test
    void migrate_versionUnknownToTheClasspath_isRefused() throws SQLException {
        migrations("migrations/ordered").migrate(connection);
        execute("INSERT INTO schema_version VALUES (11, 'later', 'x', 0)");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> migrations("migrations/ordered").migrate(connection));

        assertTrue(e.getMessage().contains("version 11"), e.getMessage());
    }

    @Test
    void available_twoFilesWithOneVersion_isRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> migrations("migrations/duplicate").available());

        assertTrue(e.getMessage().contains("two migrations have version 1"), e.getMessage());
    }

    @Test
    void available_folderWithoutMigrations_isRefused() {
        assertThrows(IllegalStateException.class, () -> migrations("migrations/empty").available());
        assertThrows(IllegalStateException.class, () -> migrations("migrations/absent").available());
    }

    @Test
    void migrate_filesInAJar_areFoundAndApplied() throws IOException, SQLException {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String folder : List.of("db/", "db/jarred/", "db/jarred/nested/")) {
                out.putNextEntry(new JarEntry(folder));
                out.closeEntry();
            }
            write(out, "db/jarred/V1__first.sql", "CREATE TABLE first (id INTEGER);");
            write(out, "db/jarred/V2__second.sql", "CREATE TABLE second (id INTEGER);");
            write(out, "db/jarred/nested/V3__not_mine.sql", "CREATE TABLE nested (id INTEGER);");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertEquals(List.of(1, 2), new Migrations("db/jarred", loader).migrate(connection));
        }
    }

    private static void write(JarOutputStream jar, String name, String content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }

    @Test
    void statements_quotesAndComments_splitOnlyAtRealSemicolons() {
        String script = """
                -- leading comment; not a statement
                CREATE TABLE a (x TEXT DEFAULT 'a;b', "odd;name" INTEGER);
                /* block; comment */ INSERT INTO a VALUES ('it''s; fine', 1);

                ;
                SELECT 1""";

        assertEquals(List.of("CREATE TABLE a (x TEXT DEFAULT 'a;b', \"odd;name\" INTEGER)", "INSERT INTO a VALUES ('it''s; fine', 1)",
                "SELECT 1"), Migrations.statements(script));
    }
}
