-- The code list in label order, A to Z ignoring case, codes without a label last, ties by id. The
-- sort key is a generated column (a code without a label sorts as U+10FFFF, after every label), so
-- that a page's cursor is a range on this index, read in order however deep the page (an index on
-- the expressions themselves was walked from its start: 26 ms for a page past the 90,000th code,
-- against 0.3 ms now; docs/BENCHMARKS.md). The oldest-first order reads codes_listing backwards.
ALTER TABLE codes ADD COLUMN label_key TEXT COLLATE NOCASE GENERATED ALWAYS AS (COALESCE(label, char(1114111))) VIRTUAL;
CREATE INDEX codes_by_label ON codes (tenant_id, label_key, id) WHERE deleted_at IS NULL;
