package dev.qrly.store.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL store is, parsed from {@code QR_DATABASE_URL}. Three forms are accepted:
 * {@code postgres://user:password@host:port/database?params}, the same with {@code postgresql://},
 * and the driver's own {@code jdbc:postgresql://host:port/database?params}. Parameters (such as
 * {@code sslmode}) are passed to the driver as they are; {@code currentSchema} names the one schema
 * the store keeps its tables in (created if missing), the database's default ({@code public}) when
 * absent.
 *
 * <p>The password never appears in {@link #toString()} nor in any message of this class.
 *
 * @param base {@code jdbc:postgresql://host:port/database}, without parameters; not null
 * @param parameters the driver parameters other than {@code user}, {@code password} and
 *     {@code currentSchema}, in the order given; not null
 * @param user the user name, or null for the driver's default
 * @param password the password, or null
 * @param server {@code host:port} as given (the port defaults to 5432), for messages; not null
 * @param schema the schema of the store's tables, or null for the database's default
 */
public record PostgresUrl(String base, Map<String, String> parameters, String user, String password, String server, String schema) {

    /** An unquoted PostgreSQL identifier of at most 63 characters: safe to put in DDL as it is. */
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern HOSTS = Pattern.compile("[A-Za-z0-9._\\-:\\[\\],%]+");
    private static final int DEFAULT_PORT = 5432;

    public PostgresUrl {
        Objects.requireNonNull(base, "base");
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(server, "server");
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("the schema must be a plain identifier (letters, digits and _, at most 63), not '"
                    + schema + "'");
        }
    }

    /**
     * Parses a URL in one of the three forms.
     *
     * @param url not null
     * @throws IllegalArgumentException saying what is wrong with it, without its password
     */
    public static PostgresUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String text = url.strip();
        String rest;
        if (text.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:postgresql://".length());
        } else if (text.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (text.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("must start with postgres://, postgresql:// or jdbc:postgresql://");
        }
        int authorityEnd = indexOfAny(rest, '/', '?');
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
            if (user.isEmpty()) {
                user = null;
            }
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("names no host: write postgres://user:password@host:5432/database");
        }
        if (!HOSTS.matcher(authority).matches()) {
            throw new IllegalArgumentException("has an invalid host '" + authority + "'");
        }
        int query = afterAuthority.indexOf('?');
        String path = query < 0 ? afterAuthority : afterAuthority.substring(0, query);
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.contains("/")) {
            throw new IllegalArgumentException("has a database name with a slash: '" + database + "'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String schema = null;
        if (query >= 0) {
            for (String pair : afterAuthority.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                switch (name) {
                    case "user" -> user = decode(value, "user name");
                    case "password" -> password = decode(value, "password");
                    case "currentSchema" -> schema = decode(value, "schema");
                    default -> parameters.put(name, value);
                }
            }
        }
        String server = authority.matches(".*:\\d+$") || authority.contains(",") ? authority : authority + ":" + DEFAULT_PORT;
        return new PostgresUrl("jdbc:postgresql://" + authority + "/" + database, parameters, user, password, server,
                schema == null || schema.isEmpty() ? null : schema);
    }

    /** This URL with its tables in {@code schema} (a plain identifier), or in the database's default for null. */
    public PostgresUrl withSchema(String schema) {
        return new PostgresUrl(base, parameters, user, password, server, schema);
    }

    /** The URL to give the driver: the base, the parameters and the schema; user and password go apart. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder(base);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            url.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
            separator = '&';
        }
        if (schema != null) {
            url.append(separator).append("currentSchema=").append(schema);
        }
        return url.toString();
    }

    /** The URL without its password. */
    @Override
    public String toString() {
        return "PostgresUrl[" + (user == null ? "" : user + "@") + jdbcUrl() + "]";
    }

    private static int indexOfAny(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a badly %-encoded " + what);
        }
    }
}
