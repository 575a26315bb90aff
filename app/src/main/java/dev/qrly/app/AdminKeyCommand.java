package dev.qrly.app;

import dev.qrly.core.DomainException;
import dev.qrly.core.Storage;
import dev.qrly.core.tenant.AccessService;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code qr admin-key}: the way back in for an operator locked out (every admin key lost, or
 * revoked): opens the store that {@code qr serve} would open (the same QR_* settings), issues a new
 * admin key of the default tenant and prints it once. On the embedded store it runs only while no
 * {@code qr serve} holds the data folder.
 */
public final class AdminKeyCommand {

    static final String HELP = """
            Usage: qr admin-key

            Issues a new admin API key of the default tenant and prints it once, on standard output.
            For an operator who has lost or revoked every admin key. It opens the store qr serve is
            configured with (QR_DATA_DIR, or QR_DATABASE_URL); on the embedded store, stop qr serve
            first. Existing keys stay valid; revoke the ones you no longer trust with the new key.
            Exit status: 0 issued, 2 refused (configuration, or a running qr serve), 1 the store failed.
            """;

    private AdminKeyCommand() {}

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            if (args[0].equals("--help") || args[0].equals("-h")) {
                out.print(HELP);
                return 0;
            }
            err.println("qr admin-key: unexpected argument '" + args[0] + "' (see qr admin-key --help)");
            return 2;
        }
        Config config;
        try {
            config = Config.from(env);
        } catch (Config.ConfigException | IllegalArgumentException e) {
            err.println("qr admin-key: " + e.getMessage());
            return 2;
        }
        // several instances share a PostgreSQL store while they run; the embedded one is a single process's
        DataDirLock lock = null;
        try {
            if (config.databaseUrl() == null) {
                lock = DataDirLock.acquire(config.dataDir());
            }
            try (Storage storage = ServeCommand.openStorage(config)) {
                AccessService access = new AccessService(storage.tenants(), Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)),
                        new SecureRandom());
                String key = access.issueAdminKey();
                err.println("qr admin-key: a new admin key of the default tenant (shown once; keep it safe):");
                out.println(key);
                return 0;
            }
        } catch (DataDirLock.HeldException e) {
            err.println("qr admin-key: " + e.getMessage() + "; stop it first: the embedded store is opened by one process at a time");
            return 2;
        } catch (DomainException e) {
            err.println("qr admin-key: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("qr admin-key: " + e.getMessage());
            return 1;
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
