package dev.qrly.cache.redis;

import dev.qrly.core.scan.Route;
import dev.qrly.core.scan.SharedRoutes;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The shared route cache on Redis: a string key a slug ({@code <prefix>route:<SLUG KEY>}), holding
 * the route in a compact text form. Known routes are kept a day and rewritten on every change;
 * "no such slug" only briefly, as in each instance.
 */
public final class RedisSharedRoutes implements SharedRoutes {

    static final Duration KNOWN_TTL = Duration.ofDays(1);
    static final Duration UNKNOWN_TTL = Duration.ofSeconds(10);
    /** Between fields: destinations and ids never hold control characters. */
    private static final String SEP = "\u001F";
    private static final String UNKNOWN = "0";
    private static final String VERSION = "1";

    private final Redis redis;

    public RedisSharedRoutes(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public Route get(String slugKey) {
        String value = redis.sync().get(redis.key("route:" + slugKey));
        return value == null ? null : decode(value);
    }

    @Override
    public void put(String slugKey, Route route) {
        redis.sync().set(redis.key("route:" + slugKey), encode(route),
                SetArgs.Builder.px(route.known() ? KNOWN_TTL : UNKNOWN_TTL));
    }

    static String encode(Route route) {
        if (!route.known()) {
            return UNKNOWN;
        }
        return String.join(SEP, VERSION, route.codeId(), route.tenantId(), route.destination(), route.active() ? "1" : "0",
                route.expiresAt() == null ? "" : Long.toString(route.expiresAt().toEpochMilli()), route.deleted() ? "1" : "0",
                route.maxScans() == null ? "" : Long.toString(route.maxScans()));
    }

    /** The route, or null for a value this version does not read (written by another version: read the store). */
    static Route decode(String value) {
        if (value.equals(UNKNOWN)) {
            return Route.UNKNOWN;
        }
        String[] f = value.split(SEP, -1);
        if (f.length != 8 || !f[0].equals(VERSION)) {
            return null;
        }
        return new Route(f[1], f[2], f[3], f[4].equals("1"), f[5].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[5])),
                f[6].equals("1"), f[7].isEmpty() ? null : Long.valueOf(f[7]));
    }
}
