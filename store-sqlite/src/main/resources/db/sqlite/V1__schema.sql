-- The first schema of the embedded store. Times are epoch milliseconds, booleans 0 or 1.

CREATE TABLE tenants (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
    prefix      TEXT    NOT NULL PRIMARY KEY,
    tenant_id   TEXT    NOT NULL REFERENCES tenants (id),
    hash        BLOB    NOT NULL,
    admin       INTEGER NOT NULL CHECK (admin IN (0, 1)),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- Deleted codes keep their row (deleted_at set): a printed slug is never handed out again.
-- search_text is slug, label and destination lower-cased by the application, because SQLite's
-- own lower() and LIKE fold ASCII letters only.
CREATE TABLE codes (
    id                TEXT    NOT NULL PRIMARY KEY,
    tenant_id         TEXT    NOT NULL REFERENCES tenants (id),
    slug              TEXT    NOT NULL,
    slug_key          TEXT    NOT NULL,
    destination       TEXT    NOT NULL,
    label             TEXT,
    active            INTEGER NOT NULL CHECK (active IN (0, 1)),
    expires_at        INTEGER,
    max_scans         INTEGER,
    error_correction  TEXT    NOT NULL,
    foreground        TEXT    NOT NULL,
    background        TEXT,
    margin            INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    deleted_at        INTEGER,
    search_text       TEXT    NOT NULL
);

CREATE UNIQUE INDEX codes_slug_key ON codes (slug_key);

-- The listing's order, restricted to live codes: pages are read straight off it, without a sort.
CREATE INDEX codes_listing ON codes (tenant_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE code_tags (
    code_id   TEXT    NOT NULL REFERENCES codes (id),
    position  INTEGER NOT NULL,
    tag       TEXT    NOT NULL,
    PRIMARY KEY (code_id, position)
) WITHOUT ROWID;

CREATE INDEX code_tags_tag ON code_tags (tag, code_id);

CREATE TABLE code_history (
    seq          INTEGER NOT NULL PRIMARY KEY,
    code_id      TEXT    NOT NULL REFERENCES codes (id),
    destination  TEXT    NOT NULL,
    changed_at   INTEGER NOT NULL,
    changed_by   TEXT    NOT NULL
);

CREATE INDEX code_history_code ON code_history (code_id, changed_at);

-- No foreign key to codes: a batch is one transaction, and one event of an unknown code must not
-- lose the others. Codes are never deleted, so no event is orphaned by a delete.
-- The id is the UUIDv7's 16 bytes: time-ordered, so rows are appended to the primary key b-tree.
CREATE TABLE scan_events (
    id               BLOB    NOT NULL PRIMARY KEY,
    code_id          TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    at               INTEGER NOT NULL,
    ip               TEXT    NOT NULL,
    user_agent       TEXT,
    referrer         TEXT,
    accept_language  TEXT,
    source           TEXT    NOT NULL,
    head             INTEGER NOT NULL CHECK (head IN (0, 1)),
    prefetch         INTEGER NOT NULL CHECK (prefetch IN (0, 1)),
    outcome          TEXT    NOT NULL,
    variant          TEXT
) WITHOUT ROWID;

CREATE INDEX scan_events_code_at ON scan_events (code_id, at);

CREATE TABLE image_variants (
    hash              TEXT    NOT NULL PRIMARY KEY,
    tenant_id         TEXT    NOT NULL REFERENCES tenants (id),
    data              TEXT    NOT NULL,
    error_correction  TEXT    NOT NULL,
    foreground        TEXT    NOT NULL,
    background        TEXT,
    margin            INTEGER NOT NULL
);
