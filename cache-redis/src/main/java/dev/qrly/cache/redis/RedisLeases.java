package dev.qrly.cache.redis;

import dev.qrly.core.Leases;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leases on Redis: a key a job ({@code <prefix>lease:<name>}) set only if absent, with this
 * instance's id and an expiry, and deleted after the job only if it still holds that id.
 */
public final class RedisLeases implements Leases {

    private static final Logger LOG = Logger.getLogger(RedisLeases.class.getName());
    /** Deletes KEYS[1] if it holds ARGV[1]: a lease that expired and was taken by another is left alone. */
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private final Redis redis;
    private final String holder = UUID.randomUUID().toString();

    public RedisLeases(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public boolean runAlone(String name, Duration lease, Runnable job) {
        String key = redis.key("lease:" + name);
        boolean held;
        try {
            held = "OK".equals(redis.sync().set(key, holder, SetArgs.Builder.nx().px(lease)));
        } catch (RuntimeException unreachable) {
            LOG.log(Level.FINE, "lease " + name + " not checked (Redis unreachable): running the job here", unreachable);
            job.run();
            return true;
        }
        if (!held) {
            return false;
        }
        try {
            job.run();
        } finally {
            try {
                redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, holder);
            } catch (RuntimeException unreachable) {
                // the lease ends by itself when it expires
            }
        }
        return true;
    }
}
