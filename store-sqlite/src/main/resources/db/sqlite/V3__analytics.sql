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

-- Every value the rollups and counts are keyed by (code ids, sources, device classes, systems,
-- browsers, bot names, countries, cities, referrer hosts) is stored once here and referred to by
-- number. Rollup rows keyed by ten text columns cost the ingest most of its time: wide keys, and a
-- string to convert for every column of every row (docs/BENCHMARKS.md). Id 0 means "none".
CREATE TABLE scan_dims (
    id     INTEGER NOT NULL PRIMARY KEY,
    kind   INTEGER NOT NULL,  -- 1 code, 2 source, 3 device, 4 os, 5 browser, 6 bot, 7 country, 8 city, 9 referrer
    value  TEXT    NOT NULL,
    UNIQUE (kind, value)
);

-- Scans per code and UTC hour (hours since the epoch) and every dimension the stats break down by.
-- A derived view of scan_blocks: the store adds each batch's counts in memory and writes them every
-- few seconds, with the id of the last block they include (scan_state 'rollups_through_block');
-- after a crash, blocks past that id are counted again at start.
CREATE TABLE scan_hourly (
    code      INTEGER NOT NULL,
    hour      INTEGER NOT NULL,
    source    INTEGER NOT NULL,  -- qr | link
    device    INTEGER NOT NULL,  -- mobile | tablet | desktop | tv | bot | other
    os        INTEGER NOT NULL,
    browser   INTEGER NOT NULL,
    bot       INTEGER NOT NULL,  -- the bot's name; 0 for a human
    country   INTEGER NOT NULL,  -- ISO 3166-1 alpha-2 or 'unknown'
    city      INTEGER NOT NULL,  -- 0 when unknown
    referrer  INTEGER NOT NULL,  -- the referrer's host; 0 when there was none
    scans     INTEGER NOT NULL,
    PRIMARY KEY (code, hour, source, device, os, browser, bot, country, city, referrer)
) WITHOUT ROWID;

-- One row per human scanner per code per UTC day (days since the epoch), with the hour first seen.
CREATE TABLE scan_uniques (
    code        INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    ip_hash     INTEGER NOT NULL,
    first_hour  INTEGER NOT NULL,
    PRIMARY KEY (code, day, ip_hash)
) WITHOUT ROWID;

CREATE TABLE scan_state (
    name   TEXT    NOT NULL PRIMARY KEY,
    value  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE scan_totals (
    code    INTEGER NOT NULL PRIMARY KEY,
    humans  INTEGER NOT NULL,
    bots    INTEGER NOT NULL
);

-- Scans recorded before enrichment existed: the service enriches them into the tables above at
-- start and empties these.
ALTER TABLE scan_events RENAME TO legacy_scan_events;
ALTER TABLE scan_strings RENAME TO legacy_scan_strings;
