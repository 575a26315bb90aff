-- The code list in label order, A to Z ignoring case, codes without a label last, ties by id: read
-- off this index in order however deep the page (the oldest-first order reads codes_listing
-- backwards). The expressions are the ones the listing query orders and compares by.
CREATE INDEX codes_by_label ON codes (tenant_id, label IS NULL, COALESCE(label, '') COLLATE NOCASE, id)
    WHERE deleted_at IS NULL;
