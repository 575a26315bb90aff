-- Dashboard sessions (issue 7), shared by every instance, so that a load balancer may send a
-- browser's requests to any of them; found by the SHA-256 of the cookie's token, which is never
-- stored. last_seen_at moves about once a minute.
CREATE TABLE dashboard_sessions (
    token_hash    text        NOT NULL PRIMARY KEY,
    key_prefix    text        NOT NULL REFERENCES api_keys (prefix),
    csrf_token    text        NOT NULL,
    started_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL
);

CREATE INDEX dashboard_sessions_expiry ON dashboard_sessions (expires_at);
CREATE INDEX dashboard_sessions_last_seen ON dashboard_sessions (last_seen_at);

-- Secrets of the installation, made by the first instance to start: the key that hashes client
-- addresses, which every instance must share for unique scanners to be counted once.
CREATE TABLE installation_secrets (
    name        text        NOT NULL PRIMARY KEY,
    value       bytea       NOT NULL,
    created_at  timestamptz NOT NULL
);
