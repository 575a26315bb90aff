package dev.qrly.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * The installation's secrets in {@code installation_secrets}: the first proposal of a name is kept
 * ({@code INSERT … ON CONFLICT DO NOTHING}, then a read), so instances that propose at once all get
 * the one that won.
 */
public final class InstallationSecrets {

    private InstallationSecrets() {}

    /** See {@link dev.qrly.core.tenant.TenantStore#installationSecret}. */
    public static byte[] get(Sql sql, String name, byte[] proposed) {
        return sql.write("keep the installation secret " + name, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO installation_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setBytes(2, proposed);
                sql.setInstant(insert, 3, Instant.now());
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM installation_secrets WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getBytes(1);
                }
            }
        });
    }
}
