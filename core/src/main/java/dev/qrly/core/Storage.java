package dev.qrly.core;

import dev.qrly.core.analytics.AnalyticsStore;
import dev.qrly.core.batch.BatchStore;
import dev.qrly.core.code.CodeStore;
import dev.qrly.core.image.ImageStore;
import dev.qrly.core.tenant.SessionStore;
import dev.qrly.core.tenant.TenantStore;

/** One storage backend's stores, opened together and closed together. */
public interface Storage extends AutoCloseable {

    CodeStore codes();

    TenantStore tenants();

    AnalyticsStore analytics();

    ImageStore images();

    BatchStore batches();

    SessionStore sessions();

    /** A short name for logs and readiness, such as {@code sqlite}. */
    String name();

    /** Whether the backend answers right now; never throws. */
    boolean ping();

    /** Releases connections; pending writes are complete when it returns. */
    @Override
    void close();
}
