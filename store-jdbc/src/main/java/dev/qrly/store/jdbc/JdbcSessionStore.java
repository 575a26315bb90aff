package dev.qrly.store.jdbc;

import dev.qrly.core.tenant.SessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Dashboard sessions in {@code dashboard_sessions}, one row a signed-in browser; the same SQL on SQLite and PostgreSQL. */
public final class JdbcSessionStore implements SessionStore {

    private final Sql sql;

    public JdbcSessionStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insertSession(DashboardSession session) {
        sql.write("start a dashboard session", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO dashboard_sessions "
                    + "(token_hash, key_prefix, csrf_token, started_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, session.tokenHash());
                ps.setString(2, session.keyPrefix());
                ps.setString(3, session.csrfToken());
                sql.setInstant(ps, 4, session.startedAt());
                sql.setInstant(ps, 5, session.expiresAt());
                sql.setInstant(ps, 6, session.lastSeenAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<DashboardSession> findSession(String tokenHash) {
        return sql.read("find a dashboard session", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT token_hash, key_prefix, csrf_token, started_at, "
                    + "expires_at, last_seen_at FROM dashboard_sessions WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new DashboardSession(rs.getString("token_hash"), rs.getString("key_prefix"),
                                    rs.getString("csrf_token"), sql.instant(rs, "started_at"), sql.instant(rs, "expires_at"),
                                    sql.instant(rs, "last_seen_at")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void touchSession(String tokenHash, Instant at) {
        sql.write("note a dashboard session's use", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?")) {
                sql.setInstant(ps, 1, at);
                ps.setString(2, tokenHash);
                sql.setInstant(ps, 3, at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void deleteSession(String tokenHash) {
        sql.write("end a dashboard session", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM dashboard_sessions WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int deleteEndedSessions(Instant now, Instant idleBefore) {
        return sql.write("delete ended dashboard sessions", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM dashboard_sessions WHERE expires_at <= ? OR last_seen_at < ?")) {
                sql.setInstant(ps, 1, now);
                sql.setInstant(ps, 2, idleBefore);
                return ps.executeUpdate();
            }
        });
    }
}
