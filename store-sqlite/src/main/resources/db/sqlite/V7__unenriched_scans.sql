-- Scans answered but not yet enriched: those answered while the user-agent parser was still loading
-- after a start, and those an older version recorded before enrichment existed (moved here from the
-- legacy tables). The service enriches them into the analytics tables, in the transaction that
-- deletes them here. Plain text columns: rows only pass through.
CREATE TABLE unenriched_scans (
    id               BLOB    NOT NULL PRIMARY KEY,  -- the UUIDv7, big-endian: byte order is time order
    code_id          TEXT    NOT NULL,
    tenant_id        TEXT    NOT NULL,
    at               INTEGER NOT NULL,              -- epoch milliseconds
    ip               TEXT    NOT NULL,
    user_agent       TEXT,
    referrer         TEXT,
    accept_language  TEXT,
    variant          TEXT,
    flags            INTEGER NOT NULL               -- bit 0 link (else qr), bit 1 HEAD, bit 2 prefetch, bit 3 gone (else redirected), bit 4 flood
) WITHOUT ROWID;

INSERT INTO unenriched_scans (id, code_id, tenant_id, at, ip, user_agent, referrer, accept_language, variant, flags)
SELECT e.id, c.value, t.value, e.at, e.ip, ua.value, ref.value, lang.value, var.value, e.flags
FROM legacy_scan_events e
JOIN legacy_scan_strings c ON c.id = e.code
JOIN legacy_scan_strings t ON t.id = e.tenant
LEFT JOIN legacy_scan_strings ua ON ua.id = e.user_agent
LEFT JOIN legacy_scan_strings ref ON ref.id = e.referrer
LEFT JOIN legacy_scan_strings lang ON lang.id = e.accept_language
LEFT JOIN legacy_scan_strings var ON var.id = e.variant;

DROP TABLE legacy_scan_events;
DROP TABLE legacy_scan_strings;
