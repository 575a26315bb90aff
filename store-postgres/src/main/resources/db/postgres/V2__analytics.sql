-- Analytics: enriched scans one row each, hourly rollups, unique scanners and per-code totals,
-- all written in the transaction that appends a batch of scans.
--
-- No foreign key to codes: one scan of an unknown code must not lose the rest of its batch, and
-- codes are never deleted, so no scan is orphaned. Stats never read raw scans; exports do, and
-- raw scans are deleted after the raw retention period, their addresses after the address window.
CREATE TABLE scan_events (
    id               uuid        NOT NULL PRIMARY KEY,
    code_id          text        NOT NULL,
    at               timestamptz NOT NULL,
    source           text        NOT NULL,
    outcome          text        NOT NULL,
    head             boolean     NOT NULL,
    prefetch         boolean     NOT NULL,
    variant          text,
    ip               text,
    ip_hash          bigint      NOT NULL,
    user_agent       text,
    referrer         text,
    referrer_host    text,
    accept_language  text,
    device           text        NOT NULL,
    os               text        NOT NULL,
    browser          text        NOT NULL,
    bot_name         text,
    country          text        NOT NULL,
    city             text
);

-- a code's scans in time order (exports, pages with a cursor)
CREATE INDEX scan_events_code_at ON scan_events (code_id, at, id);
-- retention: deleting old scans, and forgetting the addresses that are still kept
CREATE INDEX scan_events_at ON scan_events (at);
CREATE INDEX scan_events_addresses_at ON scan_events (at) WHERE ip IS NOT NULL;

-- Scans per code and UTC hour (hours since the epoch) and every dimension the stats break down by.
-- '' stands for none: no bot (a human), no city, no referrer.
CREATE TABLE scan_hourly (
    code_id   text   NOT NULL,
    hour      bigint NOT NULL,
    source    text   NOT NULL,
    device    text   NOT NULL,
    os        text   NOT NULL,
    browser   text   NOT NULL,
    bot       text   NOT NULL,
    country   text   NOT NULL,
    city      text   NOT NULL,
    referrer  text   NOT NULL,
    scans     bigint NOT NULL,
    PRIMARY KEY (code_id, hour, source, device, os, browser, bot, country, city, referrer)
);

-- One row per human scanner per code per UTC day (days since the epoch), with the hour first seen.
CREATE TABLE scan_uniques (
    code_id     text    NOT NULL,
    day         integer NOT NULL,
    ip_hash     bigint  NOT NULL,
    first_hour  bigint  NOT NULL,
    PRIMARY KEY (code_id, day, ip_hash)
);

CREATE TABLE scan_totals (
    code_id  text   NOT NULL PRIMARY KEY,
    humans   bigint NOT NULL,
    bots     bigint NOT NULL
);
