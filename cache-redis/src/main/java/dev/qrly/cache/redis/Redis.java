package dev.qrly.cache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Redis server as the scale-out adapters use it: a client with short timeouts, one shared
 * connection for commands, and a prefix for every key and channel, so that several deployments
 * (or test runs) can share a server.
 *
 * <p>Design. Nothing that waits on Redis may hang a request: a command fails after
 * {@link #COMMAND_TIMEOUT}, and while the connection is down commands fail at once rather than
 * queue ({@code REJECT_COMMANDS}); the callers then go on without Redis. No caller ever waits for
 * a connection to be made: the first one is made by a thread of this class, retried every second
 * until Redis answers, and commands fail at once until then. So the service starts, and keeps
 * serving, while Redis is down; once connected, the client reconnects by itself.
 */
public final class Redis implements AutoCloseable {

    /** The longest a command may take before its caller goes on without it. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMillis(250);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final RedisClient client;
    private final RedisURI uri;
    private final String prefix;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "redis-connect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisConnection<String, String> connection;

    private Redis(RedisClient client, RedisURI uri, String prefix) {
        this.client = client;
        this.uri = uri;
        this.prefix = prefix;
        connector.execute(this::connect);
    }

    /**
     * A client for the server at {@code url}; it connects on first use.
     *
     * @param url {@code redis://[[user]:password@]host[:port][/database]} (or {@code rediss://} for TLS)
     * @param prefix put before every key and channel, such as {@code qrly:}; not null
     * @throws IllegalArgumentException if the URL is not one
     */
    public static Redis of(String url, String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URL (redis://host:port): " + url);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("a Redis URL needs a host, as in redis://127.0.0.1:6379: " + url);
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .build());
        return new Redis(client, uri, prefix);
    }

    /** Blocking commands, each bounded by {@link #COMMAND_TIMEOUT}. @throws RedisException when Redis cannot be reached */
    public RedisCommands<String, String> sync() {
        return connection().sync();
    }

    /** Commands that return at once. @throws RedisException when Redis cannot be reached */
    public RedisAsyncCommands<String, String> async() {
        return connection().async();
    }

    /** The prefixed name of a key or channel. */
    public String key(String name) {
        return prefix + name;
    }

    /** Where the server is, for messages: {@code host:port}. */
    public String address() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Whether the server answers {@code PING} now; never throws. */
    public boolean ping() {
        try {
            return "PONG".equals(sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    RedisClient client() {
        return client;
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> open = connection;
        if (open == null) {
            throw new RedisException("not connected to Redis at " + address() + " yet");
        }
        return open;
    }

    /** Makes the first connection, on this class's thread, again every second until Redis answers. */
    private void connect() {
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            if (!connector.isShutdown()) {
                connector.schedule(this::connect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Waits up to {@code limit} for the first connection; returns whether it is made. */
    public boolean awaitConnected(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (connection == null && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return connection != null;
    }

    /** Whether the first connection has been made (after it, the client reconnects by itself). */
    public boolean connected() {
        return connection != null;
    }

    @Override
    public void close() {
        connector.shutdownNow();
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
