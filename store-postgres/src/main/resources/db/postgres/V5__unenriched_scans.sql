-- Scans answered but not yet enriched: those an instance answered while its user-agent parser was
-- still loading after a start. An instance whose parser is ready enriches them into the analytics
-- tables, in the transaction that deletes them here.
CREATE TABLE unenriched_scans (
    id               uuid        NOT NULL PRIMARY KEY,  -- UUIDv7: id order is time order
    code_id          text        NOT NULL,
    tenant_id        text        NOT NULL,
    at               timestamptz NOT NULL,
    ip               text        NOT NULL,
    user_agent       text,
    referrer         text,
    accept_language  text,
    variant          text,
    flags            integer     NOT NULL  -- bit 0 link (else qr), bit 1 HEAD, bit 2 prefetch, bit 3 gone (else redirected), bit 4 flood
);
