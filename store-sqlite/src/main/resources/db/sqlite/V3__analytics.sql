-- Analytics: enriched scans in blocks, hourly rollups, unique scanners and per-code totals.
--
-- Raw scans are kept in blocks, one row per code per write batch, each a compact encoding of up to
-- a few thousand scans (ScanBlocks). A row per scan cost the redirect about a fifth of its
-- throughput on a shared core; a block costs one row for many scans. Stats never read raw
-- scans: they read the rollups. Raw scans serve exports and are deleted after the raw retention
-- period; their client addresses sit in a table of their own so that forgetting them after the
-- address retention window is a plain delete.

CREATE TABLE scan_blocks (
    id         INTEGER NOT NULL PRIMARY KEY,
    code       TEXT    NOT NULL,
    first_at   INTEGER NOT NULL,  -- epoch milliseconds of the earliest scan in the block
    last_at    INTEGER NOT NULL,  -- and of the latest
    scans      INTEGER NOT NULL,
    data       BLOB    NOT NULL,
    addresses  BLOB               -- the client addresses in the scans' order; NULL once forgotten
);
CREATE INDEX scan_blocks_code ON scan_blocks (code, first_at);
CREATE INDEX scan_blocks_age ON scan_blocks (last_at);
-- only the blocks whose addresses are still kept: the hourly purge reads just those
CREATE INDEX scan_blocks_addresses_age ON scan_blocks (last_at) WHERE addresses IS NOT NULL;

-- Scans per code and UTC hour (hours since the epoch) and every dimension the stats break down by.
-- Empty text, never NULL, for "none": NULLs would make every row distinct to the primary key.
CREATE TABLE scan_hourly (
    code      TEXT    NOT NULL,
    hour      INTEGER NOT NULL,
    source    TEXT    NOT NULL,  -- qr | link
    device    TEXT    NOT NULL,  -- mobile | tablet | desktop | tv | bot | other
    os        TEXT    NOT NULL,
    browser   TEXT    NOT NULL,
    bot       TEXT    NOT NULL,  -- the bot's name; '' for a human
    country   TEXT    NOT NULL,  -- ISO 3166-1 alpha-2 or 'unknown'
    city      TEXT    NOT NULL,  -- '' when unknown
    referrer  TEXT    NOT NULL,  -- the referrer's host; '' when there was none
    scans     INTEGER NOT NULL,
    PRIMARY KEY (code, hour, source, device, os, browser, bot, country, city, referrer)
) WITHOUT ROWID;

-- One row per human scanner per code per UTC day (days since the epoch), with the hour first seen.
CREATE TABLE scan_uniques (
    code        TEXT    NOT NULL,
    day         INTEGER NOT NULL,
    ip_hash     INTEGER NOT NULL,
    first_hour  INTEGER NOT NULL,
    PRIMARY KEY (code, day, ip_hash)
) WITHOUT ROWID;

CREATE TABLE scan_totals (
    code    TEXT    NOT NULL PRIMARY KEY,
    humans  INTEGER NOT NULL,
    bots    INTEGER NOT NULL
) WITHOUT ROWID;

-- Scans recorded before enrichment existed: the service enriches them into the tables above at
-- start and empties these.
ALTER TABLE scan_events RENAME TO legacy_scan_events;
ALTER TABLE scan_strings RENAME TO legacy_scan_strings;
