package dev.qrly.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Brings a database's schema up to date from numbered SQL files in a classpath folder, such as
 * {@code db/sqlite/V1__schema.sql}, {@code V2__scan_indexes.sql}: each file not yet applied runs in
 * a transaction of its own, together with its row in {@code schema_version}, in version order.
 *
 * <p>Only plain JDBC and portable SQL are used here, so any JDBC backend can use the class with a
 * folder of its own dialect. Files are split into statements at semicolons outside quotes and
 * comments; bodies holding semicolons of their own (triggers, procedures) are not supported.
 *
 * <p>An applied file is never run again, and must not change: its SHA-256 is recorded, and a
 * database whose applied files differ from the classpath's, or that has versions the classpath does
 * not know (written by a newer release), is refused rather than guessed at.
 *
 * <p>Several processes may open one database at once (instances of a scaled-out service): each
 * migration checks inside its own transaction that it has not been recorded meanwhile. A backend
 * whose DDL is not transactional, or that lets two such transactions both pass the check, should
 * serialise openers itself (PostgreSQL: an advisory lock around {@link #migrate}).
 */
public final class Migrations {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{1,9})__(\\w+)\\.sql");

    private static final String CREATE_VERSION_TABLE = """
            CREATE TABLE IF NOT EXISTS schema_version (
                version      INTEGER      NOT NULL PRIMARY KEY,
                description  VARCHAR(200) NOT NULL,
                checksum     VARCHAR(64)  NOT NULL,
                applied_at   BIGINT       NOT NULL
            )""";

    /**
     * One numbered file.
     *
     * @param version its number
     * @param description its name after the number, underscores as spaces
     * @param resource its classpath path
     * @param sql its text
     * @param checksum lower-case hex SHA-256 of its text with line ends normalised
     */
    public record Migration(int version, String description, String resource, String sql, String checksum) {}

    private final String folder;
    private final ClassLoader loader;

    /**
     * @param folder the classpath folder holding the {@code V<n>__<description>.sql} files, without
     *     slashes at the ends; not null
     * @param loader where the folder is looked up; not null
     */
    public Migrations(String folder, ClassLoader loader) {
        this.folder = java.util.Objects.requireNonNull(folder, "folder");
        this.loader = java.util.Objects.requireNonNull(loader, "loader");
    }

    /**
     * Applies every migration not applied yet.
     *
     * @param connection an open connection, in auto-commit mode or not; left in the mode it was in
     * @return the versions applied by this call, in order; empty when the schema was current
     * @throws IllegalStateException if the database does not match the classpath's migrations, or one fails
     * @throws SQLException if the version table cannot be created or read
     */
    public List<Integer> migrate(Connection connection) throws SQLException {
        List<Migration> available = available();
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_VERSION_TABLE);
        }
        check(applied(connection), available);
        List<Integer> done = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Migration migration : available) {
                if (apply(connection, migration)) {
                    done.add(migration.version());
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return done;
    }

    /**
     * The folder's migrations in version order.
     *
     * @throws IllegalStateException if the folder holds none, or two with one version
     */
    public List<Migration> available() {
        Map<Integer, Migration> byVersion = new TreeMap<>();
        for (String name : fileNames()) {
            Matcher m = FILE_NAME.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String resource = folder + "/" + name;
            String sql = read(resource);
            Migration migration = new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), resource, sql,
                    sha256(sql));
            Migration clash = byVersion.put(migration.version(), migration);
            if (clash != null && !clash.resource().equals(resource)) {
                throw new IllegalStateException("two migrations have version " + migration.version() + ": " + clash.resource()
                        + " and " + resource);
            }
        }
        if (byVersion.isEmpty()) {
            throw new IllegalStateException("no migrations found in classpath folder " + folder);
        }
        return List.copyOf(byVersion.values());
    }

    private static Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, checksum FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    private static void check(Map<Integer, String> applied, List<Migration> available) {
        Map<Integer, Migration> known = new TreeMap<>();
        available.forEach(m -> known.put(m.version(), m));
        for (Map.Entry<Integer, String> entry : applied.entrySet()) {
            Migration migration = known.get(entry.getKey());
            if (migration == null) {
                throw new IllegalStateException("the database has schema version " + entry.getKey()
                        + ", which this release does not know: it was written by a newer release, which is needed to open it");
            }
            if (!migration.checksum().equals(entry.getValue())) {
                throw new IllegalStateException("migration " + migration.resource()
                        + " differs from the one applied to the database: applied migrations must never be edited");
            }
        }
    }

    /** Runs one migration unless it is recorded already: checked inside its transaction, for a concurrent opener. */
    private static boolean apply(Connection connection, Migration migration) throws SQLException {
        try {
            try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
                ps.setInt(1, migration.version());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        connection.rollback();
                        return false;
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(migration.sql())) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, migration.version());
                ps.setString(2, migration.description());
                ps.setString(3, migration.checksum());
                ps.setLong(4, System.currentTimeMillis());
                ps.executeUpdate();
            }
            connection.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("migration " + migration.resource() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Splits a script at semicolons that are outside quotes and comments, and drops comments and
     * empty statements.
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = i + 1;
                while (end < n) {
                    if (script.charAt(end) == c) {
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2; // a doubled quote stands for itself
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                current.append(script, i, Math.min(end + 1, n));
                i = end + 1;
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String sql = current.toString().strip();
        if (!sql.isEmpty()) {
            statements.add(sql);
        }
        current.setLength(0);
    }

    /** The names of the files in the folder, from every classpath entry that has it (directories and jars). */
    private List<String> fileNames() {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : java.util.Collections.list(loader.getResources(folder))) {
                switch (url.getProtocol()) {
                    case "file" -> {
                        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                            files.map(p -> p.getFileName().toString()).forEach(names::add);
                        }
                    }
                    case "jar" -> {
                        JarURLConnection connection = (JarURLConnection) url.openConnection();
                        connection.setUseCaches(false);
                        String prefix = connection.getEntryName() + "/";
                        try (JarFile jar = connection.getJarFile()) {
                            jar.stream().map(e -> e.getName()).filter(e -> e.startsWith(prefix) && e.indexOf('/', prefix.length()) < 0)
                                    .map(e -> e.substring(prefix.length())).forEach(names::add);
                        }
                    }
                    default -> throw new IllegalStateException("cannot list migrations in " + url
                            + ": only directories and jar files are supported");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list migrations in classpath folder " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list migrations in classpath folder " + folder, e);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " vanished while being read");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + resource, e);
        }
    }

    /** Over the text with line ends normalised, so that a checkout with CRLF line ends matches. */
    private static String sha256(String sql) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
