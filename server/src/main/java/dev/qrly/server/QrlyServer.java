package dev.qrly.server;

import dev.qrly.core.scan.FairShare;
import dev.qrly.core.scan.RateLimiter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server: one Vert.x instance, one server per event loop on a shared port, each with its
 * own router over the same services, limiters and metrics.
 */
public final class QrlyServer implements AutoCloseable {

    private final Vertx vertx;
    private final int port;
    private final Routes.Shared shared;
    private final int metricsPort;

    private QrlyServer(Vertx vertx, int port, Routes.Shared shared, int metricsPort) {
        this.vertx = vertx;
        this.port = port;
        this.shared = shared;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts listening and returns once every event loop accepts requests.
     *
     * @throws IllegalStateException if the port cannot be bound (the message says which)
     */
    public static QrlyServer start(Services services, ServerConfig config) {
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setPreferNativeTransport(true));
        TrustedProxies proxies = TrustedProxies.parse(config.trustedProxies());
        RateLimiter.Factory rates = services.limits();
        Routes.Shared shared = new Routes.Shared(new Metrics(), proxies,
                rates.create("client", config.ipBurst(), config.ipPerSecond()),
                new FairShare(rates.create("code", config.codeBurst(), config.codePerSecond()), config.clientShare().burst(),
                        config.clientShare().perSecond(), rates.nanoTime()),
                rates.create("key", config.apiBurst(), config.apiPerSecond()),
                new Sessions(services.storage().sessions(), services.clock(), new SecureRandom()),
                new AuthFailures(rates.create("auth-failure", config.authFailures().burst(), config.authFailures().perSecond()),
                        proxies, rates.nanoTime()),
                rates.create("render", config.renders().burst(), config.renders().perSecond()),
                new ConnectionGuard.Counts(config.connections().maxConnections()));
        LogBudget.warmUp();
        ConnectionLimits limits = config.connections();
        Future<String> deployed = vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                shared.metrics().loopLateness.watch(vertx); // this instance's event loop
                ConnectionGuard guard = new ConnectionGuard(vertx, limits, shared.connections(), shared.proxies());
                return vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(port)
                                .setTcpNoDelay(true).setHttp2ClearTextEnabled(false).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis())))
                        .connectionHandler(guard::opened)
                        .invalidRequestHandler(Routes::invalid)
                        .requestHandler(Routes.handler(vertx, services, config, shared, guard))
                        .listen();
            }
        }, new DeploymentOptions().setInstances(config.eventLoops()));
        try {
            deployed.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            closeLimiters(shared);
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + port + ": " + rootMessage(e), e);
        }
        int metricsPort = -1;
        MetricsAccess metrics = config.metrics();
        if (metrics.separate()) {
            Router router = new Operations(vertx, services, shared.metrics(), shared.connections(), metrics).metricsOnly();
            try {
                metricsPort = vertx.createHttpServer(new HttpServerOptions().setHost(metrics.host()).setPort(metrics.port())
                                .setHttp2ClearTextEnabled(false).setIdleTimeout(60))
                        .requestHandler(request -> {
                            SecurityHeaders.add(request, TrustedProxies.NONE);
                            router.handle(request);
                        })
                        .listen().await(30, TimeUnit.SECONDS).actualPort();
            } catch (Exception e) {
                vertx.close();
                closeLimiters(shared);
                throw new IllegalStateException("cannot listen for /metrics on " + metrics.host() + ":" + metrics.port() + " (QR_METRICS_PORT): "
                        + rootMessage(e), e);
            }
        }
        return new QrlyServer(vertx, port, shared, metricsPort);
    }

    public int port() {
        return port;
    }

    /** The port of the metrics listener, or -1 when {@code /metrics} is on {@link #port()}. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Stops accepting requests and lets those in flight finish (up to a few seconds). */
    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway: the process is on its way out
        }
        closeLimiters(shared);
    }

    private static void closeLimiters(Routes.Shared shared) {
        shared.perClient().close();
        shared.perCode().close();
        shared.perKey().close();
        shared.authFailures().close();
        shared.perRender().close();
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
