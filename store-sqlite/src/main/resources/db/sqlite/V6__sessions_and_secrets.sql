-- Dashboard sessions (issue 7), in the store so that a restart signs nobody out; found by the
-- SHA-256 of the cookie's token, which is never stored. last_seen_at moves about once a minute.
CREATE TABLE dashboard_sessions (
    token_hash    TEXT    NOT NULL PRIMARY KEY,
    key_prefix    TEXT    NOT NULL REFERENCES api_keys (prefix),
    csrf_token    TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);

CREATE INDEX dashboard_sessions_expiry ON dashboard_sessions (expires_at);
CREATE INDEX dashboard_sessions_last_seen ON dashboard_sessions (last_seen_at);

-- Secrets of the installation, made on first start: the key that hashes client addresses.
CREATE TABLE installation_secrets (
    name        TEXT    NOT NULL PRIMARY KEY,
    value       BLOB    NOT NULL,
    created_at  INTEGER NOT NULL
);
