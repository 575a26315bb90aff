package dev.qrly.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrly.core.StoreSamples;
import dev.qrly.core.analytics.Dimension;
import dev.qrly.core.analytics.HourCount;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.analytics.ScanFilter;
import dev.qrly.core.code.Code;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollup counts wait in memory before they are written (the contract suite checks that answers
 * include them); here, what SQLite alone can show: a crash before they are written loses nothing,
 * because the next open counts the blocks past the watermark.
 */
class PendingRollupsTest {

    @TempDir
    Path dir;

    private static long rollupRows(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(scans), 0) FROM scan_hourly")) {
            return rs.getLong(1);
        }
    }

    @Test
    void crashBeforeTheFlush_nextOpenCountsTheBlocks() throws Exception {
        Path file = dir.resolve("qrly.db");
        Code code;
        List<Scan> scans = new ArrayList<>();
        SqliteStorage storage = SqliteStorage.open(file);
        storage.tenants().insertTenant(StoreSamples.tenant(StoreSamples.TENANT_A));
        code = StoreSamples.code(StoreSamples.TENANT_A, 1).build();
        storage.codes().insert(code, StoreSamples.firstChange(code));
        for (int n = 0; n < 50; n++) {
            scans.add(StoreSamples.enriched(StoreSamples.scan(code, n)));
        }
        storage.analytics().append(scans.subList(0, 20));
        ((SqliteAnalyticsStore) storage.analytics()).flushRollups();
        storage.analytics().append(scans.subList(20, 50)); // pending only
        ScanFilter all = new ScanFilter(StoreSamples.TENANT_A, code.id(), null, StoreSamples.T0.minusSeconds(7200),
                StoreSamples.T0.plusSeconds(7200));
        assertEquals(50, storage.analytics().hourly(all).stream().mapToLong(HourCount::humans).sum(), "answers include pending counts");
        assertEquals(20, rollupRows(file), "30 counts are only in memory");

        storage.database().close(); // a crash: the pending counts are never written

        assertEquals(20, rollupRows(file));
        try (SqliteStorage again = SqliteStorage.open(file)) {
            assertEquals(50, rollupRows(file), "the open counted the 30 scans of blocks past the watermark");
            assertEquals(50, again.analytics().hourly(all).stream().mapToLong(HourCount::humans).sum());
            assertEquals(Map.of("mobile", 50L), again.analytics().breakdown(all, Dimension.DEVICE));
        }
        try (SqliteStorage unused = SqliteStorage.open(file)) {
            assertEquals(50, rollupRows(file), "counted once: the watermark moved");
        }
    }
}
