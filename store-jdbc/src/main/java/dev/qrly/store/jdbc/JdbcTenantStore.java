package dev.qrly.store.jdbc;

import dev.qrly.core.DomainException;
import dev.qrly.core.tenant.ApiKey;
import dev.qrly.core.tenant.Tenant;
import dev.qrly.core.tenant.TenantStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Tenants in {@code tenants}, keys in {@code api_keys}, and the installation's secrets; the same
 * SQL on SQLite and PostgreSQL (SQLite keeps a boolean as 0 or 1, which JDBC reads and writes as
 * one). A tenant id or key prefix that is taken is refused with the adapter's store exception: ids
 * and prefixes are random, so it is a bug.
 */
public final class JdbcTenantStore implements TenantStore {

    private final Sql sql;

    public JdbcTenantStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insertTenant(Tenant tenant) {
        sql.write("insert tenant " + tenant.id(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, tenant.id());
                ps.setString(2, tenant.name());
                sql.setInstant(ps, 3, tenant.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Tenant> findTenant(String id) {
        return sql.read("find tenant " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT id, name, created_at FROM tenants WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Tenant(rs.getString("id"), rs.getString("name"), sql.instant(rs, "created_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void insertKey(ApiKey key) {
        sql.write("insert API key " + key.prefix(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO api_keys (prefix, tenant_id, hash, admin, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key.prefix());
                ps.setString(2, key.tenantId());
                ps.setBytes(3, key.hash());
                ps.setBoolean(4, key.admin());
                sql.setInstant(ps, 5, key.createdAt());
                sql.setInstant(ps, 6, key.revokedAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKey> findKey(String prefix) {
        return sql.read("find API key " + prefix, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT prefix, tenant_id, hash, admin, created_at, revoked_at FROM api_keys WHERE prefix = ?")) {
                ps.setString(1, prefix);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ApiKey(rs.getString("prefix"), rs.getString("tenant_id"), rs.getBytes("hash"),
                            rs.getBoolean("admin"), sql.instant(rs, "created_at"), sql.instant(rs, "revoked_at")));
                }
            }
        });
    }

    @Override
    public boolean revokeKey(String prefix, Instant at) {
        return sql.write("revoke API key " + prefix, connection -> {
            // first lock every active admin key (a no-op update): two revocations at once then take
            // turns, and the second counts what the first left
            try (PreparedStatement lock = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = NULL WHERE admin = ? AND revoked_at IS NULL")) {
                lock.setBoolean(1, true);
                lock.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE prefix = ? AND revoked_at IS NULL")) {
                sql.setInstant(ps, 1, at);
                ps.setString(2, prefix);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT (SELECT admin FROM api_keys WHERE prefix = ?) AS was_admin, "
                            + "(SELECT count(*) FROM api_keys WHERE admin = ? AND revoked_at IS NULL) AS admins_left")) {
                ps.setString(1, prefix);
                ps.setBoolean(2, true);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean("was_admin") && rs.getLong("admins_left") == 0) {
                        throw new DomainException(DomainException.Kind.CONFLICT, "last_admin_key", "key " + prefix
                                + " is the last active admin key; issue another admin key first (qr admin-key), then revoke this one",
                                null);
                    }
                }
            }
            return true;
        });
    }

    @Override
    public Optional<String> defaultTenant() {
        return sql.read("find the default tenant", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT tenant_id FROM api_keys WHERE admin = ? ORDER BY created_at, prefix LIMIT 1")) {
                ps.setBoolean(1, true);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean anyKey() {
        return sql.read("look for an API key", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM api_keys)");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /**
     * The first proposal of a name is kept ({@code ON CONFLICT DO NOTHING}, then a read), so
     * instances that propose at once all get the one that won.
     */
    @Override
    public byte[] installationSecret(String name, byte[] proposed, Instant at) {
        return sql.write("keep the installation secret " + name, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO installation_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setBytes(2, proposed);
                sql.setInstant(insert, 3, at);
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
