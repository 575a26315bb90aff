package dev.qrly.cache.redis;

import dev.qrly.core.scan.ChangeBus;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The change bus on Redis pub/sub: one channel ({@code <prefix>changes}), a message a change,
 * {@code <instance id> U+001F <slug key>}; an instance ignores its own messages.
 *
 * <p>Design. Publishing is fire-and-forget on the shared connection: it never waits, and a message
 * lost while Redis is down is what the in-process entries' short time to live covers. Subscribing
 * uses a connection of its own, which the client reconnects and resubscribes by itself; every
 * (re)connection asks the listener to forget its cached routes, since messages may have been
 * missed meanwhile. If Redis is down when the service starts, the subscription is retried every
 * second in the background.
 */
public final class RedisChangeBus implements ChangeBus, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisChangeBus.class.getName());
    private static final String SEP = "\u001F";

    private final Redis redis;
    private final String channel;
    private final String instance = UUID.randomUUID().toString();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "redis-subscribe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisPubSubConnection<String, String> subscription;

    public RedisChangeBus(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.channel = redis.key("changes");
    }

    @Override
    public void publish(String slugKey) {
        try {
            redis.async().publish(channel, instance + SEP + slugKey);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "change of " + slugKey + " not announced: Redis unreachable", e);
        }
    }

    @Override
    public void subscribe(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        retries.execute(() -> connect(listener));
    }

    private void connect(Listener listener) {
        try {
            StatefulRedisPubSubConnection<String, String> connection = redis.client().connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    int sep = message.indexOf(SEP);
                    if (sep > 0 && !message.regionMatches(0, instance, 0, sep)) {
                        listener.changed(message.substring(sep + 1));
                    }
                }
            });
            connection.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    listener.resynchronise();
                }
            });
            connection.sync().subscribe(channel);
            subscription = connection;
            listener.resynchronise();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot subscribe to Redis yet; retrying in a second", e);
            retries.schedule(() -> connect(listener), 1, TimeUnit.SECONDS);
        }
    }

    /** Whether the subscription is up (for readiness and tests). */
    public boolean subscribed() {
        StatefulRedisPubSubConnection<String, String> connection = subscription;
        return connection != null && connection.isOpen();
    }

    @Override
    public void close() {
        retries.shutdownNow();
        StatefulRedisPubSubConnection<String, String> connection = subscription;
        if (connection != null) {
            connection.close();
        }
    }
}
