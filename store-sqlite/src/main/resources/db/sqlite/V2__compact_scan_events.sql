-- Scan events as compact rows of integers. A row of text columns cost about four times the CPU
-- to insert, and at tens of thousands of scans a second on one core that decided the redirect's
-- throughput (docs/BENCHMARKS.md). Strings that repeat (code and tenant ids, user agents,
-- referrers, languages, variants) are stored once in scan_strings and referred to by number.

CREATE TABLE scan_strings (
    id     INTEGER PRIMARY KEY,
    kind   INTEGER NOT NULL,  -- 1 code id, 2 tenant id, 3 user agent, 4 referrer, 5 accept-language, 6 variant
    value  TEXT    NOT NULL,
    UNIQUE (kind, value)
);

CREATE TABLE scan_events_compact (
    id               BLOB    NOT NULL PRIMARY KEY,  -- the UUIDv7, big-endian: byte order is time order
    code             INTEGER NOT NULL,              -- scan_strings, kind 1
    at               INTEGER NOT NULL,              -- epoch milliseconds
    tenant           INTEGER NOT NULL,              -- scan_strings, kind 2
    ip               TEXT    NOT NULL,
    user_agent       INTEGER,                       -- scan_strings, kind 3
    referrer         INTEGER,                       -- scan_strings, kind 4
    accept_language  INTEGER,                       -- scan_strings, kind 5
    variant          INTEGER,                       -- scan_strings, kind 6
    flags            INTEGER NOT NULL               -- bit 0 link (else qr), bit 1 HEAD, bit 2 prefetch, bit 3 gone (else redirected)
) WITHOUT ROWID;

INSERT OR IGNORE INTO scan_strings (kind, value) SELECT 1, code_id FROM scan_events;
INSERT OR IGNORE INTO scan_strings (kind, value) SELECT 2, tenant_id FROM scan_events;
INSERT OR IGNORE INTO scan_strings (kind, value) SELECT 3, user_agent FROM scan_events WHERE user_agent IS NOT NULL;
INSERT OR IGNORE INTO scan_strings (kind, value) SELECT 4, referrer FROM scan_events WHERE referrer IS NOT NULL;
INSERT OR IGNORE INTO scan_strings (kind, value) SELECT 5, accept_language FROM scan_events WHERE accept_language IS NOT NULL;
INSERT OR IGNORE INTO scan_strings (kind, value) SELECT 6, variant FROM scan_events WHERE variant IS NOT NULL;

INSERT INTO scan_events_compact (id, code, at, tenant, ip, user_agent, referrer, accept_language, variant, flags)
SELECT e.id,
       (SELECT s.id FROM scan_strings s WHERE s.kind = 1 AND s.value = e.code_id),
       e.at,
       (SELECT s.id FROM scan_strings s WHERE s.kind = 2 AND s.value = e.tenant_id),
       e.ip,
       (SELECT s.id FROM scan_strings s WHERE s.kind = 3 AND s.value = e.user_agent),
       (SELECT s.id FROM scan_strings s WHERE s.kind = 4 AND s.value = e.referrer),
       (SELECT s.id FROM scan_strings s WHERE s.kind = 5 AND s.value = e.accept_language),
       (SELECT s.id FROM scan_strings s WHERE s.kind = 6 AND s.value = e.variant),
       (CASE e.source WHEN 'LINK' THEN 1 ELSE 0 END) | (e.head << 1) | (e.prefetch << 2)
           | (CASE e.outcome WHEN 'GONE' THEN 8 ELSE 0 END)
FROM scan_events e;

DROP TABLE scan_events;
ALTER TABLE scan_events_compact RENAME TO scan_events;
CREATE INDEX scan_events_code_at ON scan_events (code, at);
