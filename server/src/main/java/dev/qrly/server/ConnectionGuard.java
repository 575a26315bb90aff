package dev.qrly.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps connections within {@link ConnectionLimits}: counts them in all and per client address as
 * they open (closing at once those over a cap), and closes those that take too long to send their
 * request's headers or body.
 *
 * <p>One guard per server instance, used on that instance's event loop only: the connections it
 * watches are a plain map, and deadlines are checked by one periodic sweep rather than a timer per
 * request, so a request costs one map lookup and three field writes. The counts are {@link Counts},
 * shared by every instance.
 */
final class ConnectionGuard {

    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
    private static final CharSequence CLOSE = HttpHeaders.createOptimized("close");

    /** The connection counts every server instance shares, and what the guards refused. */
    static final class Counts {
        /** The cap on open connections in all, for the metrics. */
        final int max;
        final AtomicInteger open = new AtomicInteger();
        final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
        final LongAdder refusedOverTotal = new LongAdder();
        final LongAdder refusedOverClient = new LongAdder();
        final LongAdder headerTimeouts = new LongAdder();
        final LongAdder requestTimeouts = new LongAdder();

        Counts(int max) {
            this.max = max;
        }
    }

    private enum Phase { HEADERS, BODY, ANSWERING }

    /** One open connection: what it is waiting for, and until when (in sweep ticks' nanoseconds). */
    private static final class Watch {
        Phase phase = Phase.HEADERS;
        long deadline;
        HttpServerRequest request;
    }

    private final ConnectionLimits limits;
    private final Counts counts;
    private final TrustedProxies proxies;
    private final Map<HttpConnection, Watch> watched = new HashMap<>();
    private final long headerNanos;
    private final long requestNanos;
    private final long idleNanos;
    /** The time of the last sweep: requests read it instead of the clock. */
    private long now = System.nanoTime();

    ConnectionGuard(Vertx vertx, ConnectionLimits limits, Counts counts, TrustedProxies proxies) {
        this.limits = limits;
        this.counts = counts;
        this.proxies = proxies;
        this.headerNanos = limits.headerTimeout().toNanos();
        this.requestNanos = limits.requestTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
        long shortest = Math.min(headerNanos, Math.min(requestNanos, idleNanos));
        long tickMillis = Math.max(50, Math.min(1_000, shortest / 4_000_000));
        vertx.setPeriodic(tickMillis, id -> sweep());
    }

    /** The server's connection handler: counts the connection, or closes it at once if it is over a cap. */
    void opened(HttpConnection connection) {
        String client = clientKey(connection.remoteAddress());
        int total = counts.open.incrementAndGet();
        AtomicInteger mine = client == null ? null : counts.perClient.compute(client, (k, v) -> {
            AtomicInteger held = v == null ? new AtomicInteger() : v;
            held.incrementAndGet();
            return held;
        });
        connection.closeHandler(v -> {
            watched.remove(connection);
            counts.open.decrementAndGet();
            if (client != null) {
                counts.perClient.computeIfPresent(client, (k, held) -> held.decrementAndGet() <= 0 ? null : held);
            }
        });
        connection.exceptionHandler(failure -> LogBudget.SHARED.log(LOG, Level.FINE, "connection " + failure.getClass().getName(),
                "connection from " + connection.remoteAddress() + " failed: " + failure, null));
        if (total > limits.maxConnections()) {
            counts.refusedOverTotal.increment();
            LogBudget.SHARED.log(LOG, Level.WARNING, "over total", "refused a connection: " + limits.maxConnections()
                    + " are open (QR_MAX_CONNECTIONS)", null);
            connection.close();
            return;
        }
        if (mine != null && mine.get() > limits.maxPerClient()) {
            counts.refusedOverClient.increment();
            LogBudget.SHARED.log(LOG, Level.WARNING, "over client", "refused a connection from " + client + ": it has "
                    + limits.maxPerClient() + " open (QR_MAX_CONNECTIONS_PER_CLIENT)", null);
            connection.close();
            return;
        }
        Watch watch = new Watch();
        watch.deadline = now + headerNanos;
        watched.put(connection, watch);
    }

    /** A request's headers have arrived: its body must follow within the request timeout. */
    void requestStarted(HttpServerRequest request) {
        Watch watch = watched.get(request.connection());
        if (watch != null) {
            watch.phase = Phase.BODY;
            watch.deadline = now + requestNanos;
            watch.request = request;
        }
    }

    /** Closes the connections past their deadline; runs on the event loop every tick. */
    private void sweep() {
        now = System.nanoTime();
        List<HttpConnection> late = null;
        for (Map.Entry<HttpConnection, Watch> entry : watched.entrySet()) {
            Watch watch = entry.getValue();
            if (watch.phase == Phase.BODY && watch.request.isEnded()) {
                watch.phase = Phase.ANSWERING;
            }
            if (watch.phase == Phase.ANSWERING) {
                if (watch.request.response().ended()) {
                    // kept alive: the next request's headers must come within the idle timeout
                    watch.phase = Phase.HEADERS;
                    watch.deadline = now + idleNanos;
                    watch.request = null;
                }
                continue;
            }
            if (now - watch.deadline > 0) {
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(entry.getKey());
            }
        }
        if (late != null) {
            for (HttpConnection connection : late) {
                expire(connection, watched.remove(connection));
            }
        }
    }

    private void expire(HttpConnection connection, Watch watch) {
        if (watch.phase == Phase.BODY) {
            counts.requestTimeouts.increment();
            HttpServerResponse response = watch.request.response();
            if (!response.headWritten() && !response.ended()) {
                response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, CLOSE)
                        .end(new HttpError(408, "request_timeout", "the request body did not arrive within "
                                + limits.requestTimeout().toSeconds() + " s", "body").body().encode())
                        .onComplete(done -> connection.close());
                return;
            }
        } else {
            counts.headerTimeouts.increment();
        }
        connection.close();
    }

    /** What the per-client cap counts a peer as: its address (an IPv6 address's /64), or null for a trusted proxy. */
    private String clientKey(SocketAddress peer) {
        String host = peer == null ? null : peer.hostAddress();
        if (host == null) {
            return "(unknown)";
        }
        if (proxies.trusted(host)) {
            return null;
        }
        if (host.indexOf(':') >= 0) {
            byte[] bytes = TrustedProxies.literal(host);
            if (bytes != null && bytes.length == 16) {
                StringBuilder prefix = new StringBuilder(20);
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF)).append(':');
                }
                return prefix.append(":/64").toString();
            }
        }
        return host;
    }
}
