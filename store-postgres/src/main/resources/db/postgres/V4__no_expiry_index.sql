-- The first schema indexed codes by expiry for a sweep that the design does without: every scan
-- compares the route's expiry with the clock. Nothing reads codes by expiry, so the index only
-- cost writes.
DROP INDEX IF EXISTS codes_expiry;
