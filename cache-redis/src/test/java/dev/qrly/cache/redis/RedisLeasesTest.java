package dev.qrly.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A job runs on one instance at a time through a real redis-server, and everywhere when Redis is down. */
class RedisLeasesTest extends TwoInstances {

    @Test
    void runAlone_whileAnotherInstanceRunsTheJob_doesNotRunIt_andRunsItAfter() throws Exception {
        RedisLeases onA = new RedisLeases(a);
        RedisLeases onB = new RedisLeases(b);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean ranOnA = new AtomicBoolean();
        Thread jobOnA = Thread.ofVirtual().start(() -> ranOnA.set(onA.runAlone("retention", Duration.ofMinutes(10), () -> {
            running.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })));
        assertTrue(running.await(10, TimeUnit.SECONDS));

        AtomicInteger ranOnB = new AtomicInteger();
        assertFalse(onB.runAlone("retention", Duration.ofMinutes(10), ranOnB::incrementAndGet));
        assertTrue(onB.runAlone("another-job", Duration.ofMinutes(10), ranOnB::incrementAndGet), "each job has its own lease");

        finish.countDown();
        jobOnA.join(10_000);
        assertTrue(ranOnA.get());
        assertTrue(onB.runAlone("retention", Duration.ofMinutes(10), ranOnB::incrementAndGet), "released when the job ended");
        assertEquals(2, ranOnB.get());
    }

    @Test
    void runAlone_leaseOfAnInstanceThatDied_expires() {
        a.sync().set(a.key("lease:retention"), "an instance that died", io.lettuce.core.SetArgs.Builder.px(300));
        RedisLeases onB = new RedisLeases(b);

        assertFalse(onB.runAlone("retention", Duration.ofMinutes(10), () -> { }));
        RedisServer.sleep(400);
        assertTrue(onB.runAlone("retention", Duration.ofMinutes(10), () -> { }));
    }

    @Test
    void runAlone_redisDown_runsTheJobHere() {
        server.stop();
        AtomicInteger ran = new AtomicInteger();

        assertTrue(new RedisLeases(a).runAlone("retention", Duration.ofMinutes(10), ran::incrementAndGet));

        assertEquals(1, ran.get());
    }
}
