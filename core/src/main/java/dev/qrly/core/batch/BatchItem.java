package dev.qrly.core.batch;

import java.util.List;

/**
 * One row of a batch as the caller sent it, before any check: the fields of a dynamic code that
 * may differ from row to row. Checked when the batch runs, each row alone.
 *
 * @param destination as given, or null when missing
 * @param slug a vanity slug, or null for a generated id
 * @param label or null
 * @param tags possibly empty; not null
 */
public record BatchItem(String destination, String slug, String label, List<String> tags) {

    public BatchItem {
        tags = tags == null ? List.of() : List.copyOf(tags);
        slug = blankToNull(slug);
        label = blankToNull(label);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
