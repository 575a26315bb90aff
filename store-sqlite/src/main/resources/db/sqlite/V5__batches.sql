-- Batches (issue 6): a batch and every one of its rows are stored before the upload is answered,
-- and each row's outcome, a code or an error, is written in the transaction that stores the code.
-- Lists are stored as text: formats and sizes comma-separated, tags separated by U+001F.

CREATE TABLE batches (
    id                TEXT    NOT NULL PRIMARY KEY,
    tenant_id         TEXT    NOT NULL REFERENCES tenants (id),
    key_prefix        TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    total             INTEGER NOT NULL,
    -- rows with a code and rows with an error, kept by the transactions that record them, so that
    -- a progress poll reads one row rather than counting thousands
    created           INTEGER NOT NULL DEFAULT 0,
    failed            INTEGER NOT NULL DEFAULT 0,
    formats           TEXT    NOT NULL,
    sizes             TEXT    NOT NULL,
    error_correction  TEXT    NOT NULL,
    foreground        TEXT    NOT NULL,
    background        TEXT,
    margin            INTEGER NOT NULL,
    tags              TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    finished_at       INTEGER,
    failure           TEXT
);

CREATE INDEX batches_tenant ON batches (tenant_id, created_at DESC, id DESC);

-- What a restart resumes.
CREATE INDEX batches_running ON batches (created_at) WHERE status = 'RUNNING';

CREATE TABLE batch_rows (
    batch_id       TEXT    NOT NULL REFERENCES batches (id),
    row            INTEGER NOT NULL,
    line           INTEGER NOT NULL,
    destination    TEXT,
    slug           TEXT,
    label          TEXT,
    tags           TEXT    NOT NULL,
    code_id        TEXT,
    error_field    TEXT,
    error_code     TEXT,
    error_message  TEXT,
    PRIMARY KEY (batch_id, row)
) WITHOUT ROWID;
