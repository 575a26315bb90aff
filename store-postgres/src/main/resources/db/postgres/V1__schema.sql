-- The PostgreSQL store's schema. Times are timestamptz to the millisecond (the application
-- truncates them); identifiers and sort keys compare byte by byte (COLLATE "C"), whatever the
-- database's collation, so that pages and cursors agree with the application's order.

CREATE TABLE tenants (
    id          text        NOT NULL PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE api_keys (
    prefix      text        NOT NULL PRIMARY KEY,
    tenant_id   text        NOT NULL REFERENCES tenants (id),
    hash        bytea       NOT NULL,
    admin       boolean     NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- Deleted codes keep their row (deleted_at set): a printed slug is never handed out again.
-- search_text (slug, label and destination) and label_key (the label order's key; U+10FFFF for
-- no label, after every label) are computed by the application, which folds case as the
-- contract does, with Java's rules, whatever the server's locale.
CREATE TABLE codes (
    id                text COLLATE "C" NOT NULL PRIMARY KEY,
    tenant_id         text        NOT NULL REFERENCES tenants (id),
    slug              text        NOT NULL,
    slug_key          text        NOT NULL,
    destination       text        NOT NULL,
    label             text,
    label_key         text COLLATE "C" NOT NULL,
    active            boolean     NOT NULL,
    expires_at        timestamptz,
    max_scans         bigint,
    error_correction  text        NOT NULL,
    foreground        text        NOT NULL,
    background        text,
    margin            integer     NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    deleted_at        timestamptz,
    search_text       text        NOT NULL
);

-- the redirect's lookup, and what keeps slugs unique across tenants, deleted codes included
CREATE UNIQUE INDEX codes_slug_key ON codes (slug_key);
-- the list by creation time (read forwards for oldest first, backwards for newest first) and by
-- label, live codes only: a page is a range scan from its cursor, without a sort
CREATE INDEX codes_listing ON codes (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX codes_by_label ON codes (tenant_id, label_key, id) WHERE deleted_at IS NULL;
-- the expiry sweep
CREATE INDEX codes_expiry ON codes (expires_at) WHERE expires_at IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE code_tags (
    code_id   text COLLATE "C" NOT NULL REFERENCES codes (id),
    position  integer NOT NULL,
    tag       text    NOT NULL,
    PRIMARY KEY (code_id, position)
);

CREATE INDEX code_tags_tag ON code_tags (tag, code_id);

CREATE TABLE code_history (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_id      text COLLATE "C" NOT NULL REFERENCES codes (id),
    destination  text        NOT NULL,
    changed_at   timestamptz NOT NULL,
    changed_by   text        NOT NULL
);

CREATE INDEX code_history_code ON code_history (code_id, changed_at);

CREATE TABLE image_variants (
    hash              text    NOT NULL PRIMARY KEY,
    tenant_id         text    NOT NULL REFERENCES tenants (id),
    data              text    NOT NULL,
    error_correction  text    NOT NULL,
    foreground        text    NOT NULL,
    background        text,
    margin            integer NOT NULL
);

-- A batch and every one of its rows are stored before the upload is answered; each row's outcome,
-- a code or an error, is written in the transaction that stores the code.
CREATE TABLE batches (
    id                text        NOT NULL PRIMARY KEY,
    tenant_id         text        NOT NULL REFERENCES tenants (id),
    key_prefix        text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    total             integer     NOT NULL,
    -- kept by the transactions that record outcomes, so that a progress poll reads one row
    created           integer     NOT NULL DEFAULT 0,
    failed            integer     NOT NULL DEFAULT 0,
    formats           text[]      NOT NULL,
    sizes             integer[]   NOT NULL,
    error_correction  text        NOT NULL,
    foreground        text        NOT NULL,
    background        text,
    margin            integer     NOT NULL,
    tags              text[]      NOT NULL,
    created_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    failure           text
);

CREATE INDEX batches_tenant ON batches (tenant_id, created_at, id);
-- what a restart resumes
CREATE INDEX batches_running ON batches (created_at, id) WHERE status = 'RUNNING';

CREATE TABLE batch_rows (
    batch_id       text    NOT NULL REFERENCES batches (id),
    row_no         integer NOT NULL,
    line           integer NOT NULL,
    destination    text,
    slug           text,
    label          text,
    tags           text[]  NOT NULL,
    code_id        text,
    error_field    text,
    error_code     text,
    error_message  text,
    PRIMARY KEY (batch_id, row_no)
);

CREATE INDEX batch_rows_failed ON batch_rows (batch_id, row_no) WHERE error_code IS NOT NULL;
