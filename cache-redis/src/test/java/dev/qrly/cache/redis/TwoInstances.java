package dev.qrly.cache.redis;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the Redis adapters' tests share: a redis-server of their own, and two instances' clients of it, connected. */
abstract class TwoInstances {

    @TempDir
    Path dir;

    RedisServer server;
    Redis a;
    Redis b;

    @BeforeEach
    final void startServerAndClients() {
        server = new RedisServer(dir);
        a = Redis.of(server.url(), "qrly-test:");
        b = Redis.of(server.url(), "qrly-test:");
        RedisServer.await(() -> a.connected() && b.connected());
    }

    @AfterEach
    final void stopClientsAndServer() {
        a.close();
        b.close();
        server.close();
    }
}
