package org.wsgateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.metrics.MetricNames;
import org.wsgateway.policy.Limiter;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.Verdict;

/** {@link RedisCounts} on a real Redis ({@link TesterRedis}), two or three "nodes" in this JVM. */
class RedisCountsTest {

    private TesterRedis redis;
    private final List<RedisCounts> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = TesterRedis.start();
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(RedisCounts::close);
        redis.close();
    }

    private RedisCounts node(String name, RedisFallback fallback, Duration lease) throws InterruptedException {
        RedisCounts counts = new RedisCounts(redis.url(), fallback, "g", name, TimeMeter.SYSTEM_NANOTIME, lease);
        nodes.add(counts);
        if (redis.answersQuietly()) {
            // Connected at once, or (on a loaded machine, past the 250 ms timeout) at the next try a second later.
            waitFor(counts::up, Duration.ofSeconds(5));
        }
        return counts;
    }

    private RedisCounts node(String name) throws InterruptedException {
        return node(name, RedisFallback.LOCAL, RedisCounts.LEASE_TTL);
    }

    @Test
    void aCapHoldsAcrossNodesAndAReleaseOnOneFreesRoomOnTheOther() throws Exception {
        RedisCounts a = node("a");
        RedisCounts b = node("b");
        for (int i = 0; i < 6; i++) {
            assertTrue(a.tryAcquire("connection-limit/api", 10));
        }
        for (int i = 0; i < 4; i++) {
            assertTrue(b.tryAcquire("connection-limit/api", 10));
        }
        assertFalse(a.tryAcquire("connection-limit/api", 10), "the 11th connection, on a");
        assertFalse(b.tryAcquire("connection-limit/api", 10), "the 11th connection, on b");
        assertEquals(10, a.count("connection-limit/api"));
        assertEquals(10, b.count("connection-limit/api"));
        a.release("connection-limit/api");
        // A release is sent without waiting (it runs on an event loop): b sees it a round trip later.
        waitFor(() -> b.count("connection-limit/api") == 9, Duration.ofSeconds(2));
        assertTrue(b.tryAcquire("connection-limit/api", 10), "a's release makes room on b");
        assertFalse(b.tryAcquire("connection-limit/api", 10));
    }

    @Test
    void aLargeCapIsCountedInBlocksSoMostHandshakesCostNoRoundTripAndStillHolds() throws Exception {
        RedisCounts a = node("a");
        RedisCounts b = node("b");
        waitFor(() -> a.liveNodes() == 2 && b.liveNodes() == 2, Duration.ofSeconds(3));
        long before = scripts();
        for (int i = 0; i < 500; i++) {
            assertTrue(a.tryAcquire("big", 2000));
        }
        // Blocks of 2000 / (20 x 2 nodes) = 50: ten scripts (and the nodes' renewals), not 500.
        assertTrue(scripts() - before <= 20, (scripts() - before) + " scripts for 500 connections (with a lease renewal a second)");
        assertTrue(b.count("big") >= 500 && b.count("big") <= 550, "a counts what it uses and one block more: "
                + b.count("big"));
        int onB = 0;
        while (b.tryAcquire("big", 2000) && onB < 3000) {
            onB++;
        }
        int onA = 500;
        while (a.tryAcquire("big", 2000) && onA < 3000) {
            onA++;
        }
        assertTrue(onA + onB <= 2000, "the cap holds: " + (onA + onB));
        assertTrue(onA + onB >= 2000 - 2 * 2 * 50, "it refuses early by at most the unused blocks: " + (onA + onB));
        // Releases give room back beyond two unused blocks; all of it in the end.
        for (int i = 0; i < onA; i++) {
            a.release("big");
        }
        int heldByB = onB;
        waitFor(() -> b.count("big") <= heldByB + 2 * 50, Duration.ofSeconds(2));
        for (int i = 0; i < heldByB; i++) {
            b.release("big");
        }
        a.close();
        waitFor(() -> b.count("big") <= 2 * 50, Duration.ofSeconds(2));
    }

    /** The scripts Redis ran so far. */
    private long scripts() throws Exception {
        for (String line : redis.cli("info", "commandstats").split("\n")) {
            if (line.startsWith("cmdstat_eval:")) {
                return Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1").trim());
            }
        }
        return 0;
    }

    @Test
    void aKilledNodesCountsLapseWithItsLeaseAndACleanStopGivesThemBackAtOnce() throws Exception {
        RedisCounts killed = node("a", RedisFallback.LOCAL, Duration.ofMillis(1500));
        RedisCounts stopped = node("c");
        RedisCounts b = node("b");
        for (int i = 0; i < 5; i++) {
            assertTrue(killed.tryAcquire("k", 10));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(stopped.tryAcquire("k", 10));
        }
        assertEquals(8, b.count("k"));
        stopped.close();
        assertEquals(5, b.count("k"), "a clean stop gives its counts back at once");
        killed.halt();
        assertEquals(5, b.count("k"), "a killed node's counts hold until its lease lapses");
        waitFor(() -> b.count("k") == 0, Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            assertTrue(b.tryAcquire("k", 10));
        }
        assertFalse(b.tryAcquire("k", 10));
        assertEquals("1", redis.cli("hlen", "wsg:g:conn:k").trim(), "the dead nodes' fields are gone");
    }

    @Test
    void countsRedisLostWithoutAnOutageAreWrittenBackAtTheNextRenewal() throws Exception {
        RedisCounts a = node("a");
        RedisCounts b = node("b");
        for (int i = 0; i < 3; i++) {
            assertTrue(a.tryAcquire("k", 10));
        }
        // As a Redis restarted between two renewals (no persistence) comes back: empty, and no command failed.
        redis.cli("flushall");
        assertEquals(0, b.count("k"));
        waitFor(() -> b.count("k") == 3, Duration.ofSeconds(3));
        assertTrue(a.up());
    }

    @Test
    void aSmallBucketIsSharedExactly() throws Exception {
        RedisCounts a = node("a");
        RedisCounts b = node("b");
        Limiter onA = a.bucket("plan/s1/messages#60", 60, 60, Duration.ofMinutes(1), true);
        Limiter onB = b.bucket("plan/s1/messages#60", 60, 60, Duration.ofMinutes(1), true);
        int taken = 0;
        for (int i = 0; i < 40; i++) {
            taken += onA.tryTake(1).taken() ? 1 : 0;
            taken += onB.tryTake(1).taken() ? 1 : 0;
        }
        assertEquals(60, taken, "60 a minute, whichever node takes them");
        Limiter.Take refused = onB.tryTake(1);
        assertFalse(refused.taken());
        assertTrue(refused.nanosToWait() > 0 && refused.nanosToWait() <= Duration.ofSeconds(1).toNanos(),
                "a token comes back within a second: " + refused.nanosToWait());
    }

    @Test
    void aLargeBucketTakesMostTokensLocallyAndOvershootsByAtMostATwentiethPerNode() throws Exception {
        RedisCounts a = node("a");
        RedisCounts b = node("b");
        long capacity = 100_000;
        Limiter onA = a.bucket("big", capacity, 1, Duration.ofDays(1), true);
        Limiter onB = b.bucket("big", capacity, 1, Duration.ofDays(1), true);
        long taken = 0;
        for (int i = 0; i < 80_000; i++) {
            taken += onA.tryTake(1).taken() ? 1 : 0;
            taken += onB.tryTake(1).taken() ? 1 : 0;
        }
        assertTrue(taken >= capacity && taken <= capacity + 2 * capacity / 20,
                "between the capacity and a twentieth more per node: " + taken);
    }

    @Test
    void whileRedisIsDownTheLocalFallbackDividesByTheLiveNodesAndTheCountsComeBackAfter() throws Exception {
        RedisCounts a = node("a");
        RedisCounts b = node("b");
        waitFor(() -> a.liveNodes() == 2, Duration.ofSeconds(3));
        assertTrue(a.tryAcquire("k", 10));
        assertTrue(a.tryAcquire("k", 10));
        assertEquals(1, counter(MetricNames.Family.REDIS_UP));
        redis.stopServer();
        // The first command after the outage fails fast and marks Redis down; the fallback answers it.
        assertTrue(a.tryAcquire("k", 10), "3rd of a's share of 5");
        assertFalse(a.up());
        assertTrue(a.tryAcquire("k", 10));
        assertTrue(a.tryAcquire("k", 10));
        assertFalse(a.tryAcquire("k", 10), "a's share is 10 / 2 live nodes");
        assertFalse(a.refusing());
        a.release("k");
        assertEquals(4, a.count("k"));
        Limiter bucket = a.bucket("rate", 60, 60, Duration.ofMinutes(1), true);
        int taken = 0;
        for (int i = 0; i < 60; i++) {
            taken += bucket.tryTake(1).taken() ? 1 : 0;
        }
        assertEquals(30, taken, "a bucket's stand-in holds half of 60 on each of 2 nodes");
        assertEquals(0, counter(MetricNames.Family.REDIS_UP));
        assertTrue(counter(MetricNames.Family.REDIS_OUTAGES) >= 1);
        long outages = counter(MetricNames.Family.REDIS_OUTAGES);
        for (int i = 0; i < 20; i++) {
            a.tryAcquire("other", 100);
        }
        assertEquals(outages, counter(MetricNames.Family.REDIS_OUTAGES), "one outage is counted once");

        redis.startServer();
        waitFor(() -> a.up() && b.up(), Duration.ofSeconds(5));
        assertEquals(4 + 20, b.count("k") + b.count("other"),
                "a's counts are written back into the Redis that came back empty");
        assertEquals(4, b.count("k"));
    }

    @Test
    void whileRedisIsDownTheRefuseFallbackRefusesCapsWith503() throws Exception {
        RedisCounts a = node("a", RedisFallback.REFUSE, RedisCounts.LEASE_TTL);
        PolicyState state = new PolicyState(TimeMeter.SYSTEM_NANOTIME, Clock.systemUTC(), a);
        assertTrue(state.tryAcquire("k", 10));
        assertEquals(429, state.overLimit("429 Too Many Requests: full").status());
        redis.stopServer();
        assertFalse(state.tryAcquire("k", 10));
        assertTrue(a.refusing());
        Verdict refused = state.overLimit("429 Too Many Requests: full");
        assertEquals(503, refused.status());
        assertTrue(refused.message().contains("Redis is unreachable"), refused.message());
        assertEquals("5", refused.headers().get("Retry-After"));
        assertTrue(a.bucket("rate", 10, 10, Duration.ofMinutes(1), true).tryTake(1).taken(),
                "rates still count, per node");
        redis.startServer();
        waitFor(a::up, Duration.ofSeconds(5));
        assertFalse(a.refusing());
        assertTrue(state.tryAcquire("k", 10));
        assertEquals(2, a.count("k"));
    }

    @Test
    void aRedisUnreachableAtStartIsAnOutageThatEndsWhenItAnswers() throws Exception {
        redis.stopServer();
        RedisCounts a = node("a");
        assertFalse(a.up());
        assertTrue(a.tryAcquire("k", 1), "counted on this node meanwhile");
        redis.startServer();
        waitFor(a::up, Duration.ofSeconds(5));
        assertEquals(1, a.count("k"));
    }

    @Test
    void aPasswordIsSentAndNeverShown() throws Exception {
        redis.close();
        redis = TesterRedis.start("s3cret-pw");
        RedisCounts a = node("a");
        assertTrue(a.up(), "authenticated");
        assertFalse(a.toString().contains("s3cret-pw"), a.toString());
        assertEquals("redis://***@127.0.0.1:6379", RedisCounts.describe("redis://:s3cret-pw@127.0.0.1:6379"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> RedisCounts.parse("http://:s3cret-pw@127.0.0.1:6379"));
        assertFalse(bad.getMessage().contains("s3cret-pw"), bad.getMessage());
        assertTrue(bad.getMessage().contains("redis://127.0.0.1:6379"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisCounts.parse("redis://"));
        assertThrows(IllegalArgumentException.class, () -> RedisFallback.parse("maybe"));
    }

    private static long counter(MetricNames.Family family) {
        return GatewayMetrics.registry().counter(MetricNames.ofGateway("g", family)).getCount();
    }

    private static void waitFor(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms");
            }
            Thread.sleep(50);
        }
    }
}
