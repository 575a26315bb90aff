package dev.qrly.cache.redis;

import dev.qrly.core.analytics.LiveCounts;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Live counts on Redis: a string key a code ({@code <prefix>humans:<code id>}) holding its human
 * scans as last read from the store. Offers go through one Lua script a batch, which keeps the
 * larger value, so they are atomic and order does not matter; reads are one {@code MGET}. A count
 * is kept {@link #TTL} after its last offer: long enough for every busy code, short enough that
 * codes nobody scans any more leave Redis.
 */
public final class RedisLiveCounts implements LiveCounts {

    private static final Logger LOG = Logger.getLogger(RedisLiveCounts.class.getName());

    static final Duration TTL = Duration.ofDays(1);

    /** KEYS: the codes' keys; ARGV: their counts, then the time to live in milliseconds. */
    static final String OFFER = """
            local ttl = ARGV[#ARGV]
            for i, key in ipairs(KEYS) do
              local offered = tonumber(ARGV[i])
              local kept = tonumber(redis.call('GET', key))
              if kept == nil or offered > kept then
                redis.call('SET', key, offered, 'PX', ttl)
              else
                redis.call('PEXPIRE', key, ttl)
              end
            end
            return #KEYS
            """;

    private final Redis redis;

    public RedisLiveCounts(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public void offer(Map<String, Long> humansByCode) {
        if (humansByCode.isEmpty()) {
            return;
        }
        String[] keys = new String[humansByCode.size()];
        String[] values = new String[humansByCode.size() + 1];
        int i = 0;
        for (Map.Entry<String, Long> count : humansByCode.entrySet()) {
            keys[i] = key(count.getKey());
            values[i] = Long.toString(count.getValue());
            i++;
        }
        values[i] = Long.toString(TTL.toMillis());
        try {
            redis.async().<Long>eval(OFFER, ScriptOutputType.INTEGER, keys, values).exceptionally(failure -> {
                LOG.log(Level.FINE, "live counts not offered (Redis unreachable); instances read the store", failure);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "live counts not offered (Redis unreachable); instances read the store", e);
        }
    }

    @Override
    public Map<String, Long> read(Collection<String> codeIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(codeIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        String[] keys = ids.stream().map(this::key).toArray(String[]::new);
        Map<String, Long> counts = new HashMap<>();
        List<KeyValue<String, String>> values = redis.sync().mget(keys);
        for (int i = 0; i < values.size(); i++) {
            KeyValue<String, String> value = values.get(i);
            if (value.hasValue()) {
                counts.put(ids.get(i), Long.parseLong(value.getValue()));
            }
        }
        return counts;
    }

    private String key(String codeId) {
        return redis.key("humans:" + codeId);
    }
}
