package dev.qrly.app;

import dev.qrly.server.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The readiness check of the data folder's disk: down while less than {@value #MIN_FREE_BYTES}
 * bytes are free there, when writes (codes, sign-ins, scans, batch archives) would fail; up again
 * as soon as space returns. Reads the file system's free space, nothing more.
 */
final class DiskSpace implements Services.Explained {

    /** Below this much free space the service says it is not ready: an SQLite transaction needs room for its log. */
    static final long MIN_FREE_BYTES = 1 << 20;

    private final Path dataDir;

    DiskSpace(Path dataDir) {
        this.dataDir = dataDir;
    }

    private long free() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public boolean getAsBoolean() {
        return free() >= MIN_FREE_BYTES;
    }

    @Override
    public String whyDown() {
        long free = free();
        return free < 0 ? "the data folder " + dataDir + " cannot be read"
                : "full: " + free + " bytes free in the data folder " + dataDir + " (at least " + MIN_FREE_BYTES + " needed)";
    }
}
