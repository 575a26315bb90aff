package dev.qrly.cache.redis;

import dev.qrly.core.scan.ChangeBus;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The change bus on Redis pub/sub: route changes on {@code <prefix>changes} and key revocations on
 * {@code <prefix>revocations}, a message each, {@code <instance id> U+001F <slug key or key
 * prefix>}; an instance ignores its own messages.
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
    private final String revocations;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
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
        this.revocations = redis.key("revocations");
    }

    @Override
    public void publish(String slugKey) {
        announce(channel, slugKey);
    }

    @Override
    public void publishKeyRevoked(String keyPrefix) {
        announce(revocations, keyPrefix);
    }

    private void announce(String to, String what) {
        try {
            redis.async().publish(to, instance + SEP + what);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "change of " + what + " not announced: Redis unreachable", e);
        }
    }

    /** Adds a listener; the first one starts the subscription, which every later one shares. */
    @Override
    public void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        if (started.compareAndSet(false, true)) {
            retries.execute(this::connect);
        }
    }

    private void connect() {
        try {
            StatefulRedisPubSubConnection<String, String> connection = redis.client().connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    int sep = message.indexOf(SEP);
                    if (sep <= 0 || message.regionMatches(0, instance, 0, sep)) {
                        return;
                    }
                    String what = message.substring(sep + 1);
                    boolean revocation = revocations.equals(from);
                    for (Listener listener : listeners) {
                        if (revocation) {
                            listener.keyRevoked(what);
                        } else {
                            listener.changed(what);
                        }
                    }
                }
            });
            connection.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                    listeners.forEach(Listener::resynchronise);
                }
            });
            connection.sync().subscribe(channel, revocations);
            subscription = connection;
            listeners.forEach(Listener::resynchronise);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot subscribe to Redis yet; retrying in a second", e);
            retries.schedule(this::connect, 1, TimeUnit.SECONDS);
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
