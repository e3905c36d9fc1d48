package org.wsgateway.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.TimeMeter;

/**
 * The state policies share between connections, kept by the gateway so that it outlives catalog reloads: connection
 * counters and token buckets, by key (a key names its policy, its API and what it counts, e.g.
 * {@code connection-limit/<api>/ip/10.0.0.7}). Entries that hold nothing are dropped, so per-address keys do not
 * pile up. The counters and buckets themselves are kept by a {@link SharedCounts}: in this JVM by default, or in a
 * store shared by a cluster of gateways.
 */
public final class PolicyState {

    /** The {@code Retry-After} of a handshake refused because the limits cannot be counted now. */
    static final int RETRY_WHILE_REFUSING = 5;

    private final TimeMeter clock;
    private final Clock wallClock;
    private volatile Directory directory = Directory.EMPTY;
    private final SharedCounts counts;
    private final Map<String, Object> shared = new ConcurrentHashMap<>();

    /** State on the system's clocks. */
    public PolicyState() {
        this(TimeMeter.SYSTEM_NANOTIME, Clock.systemUTC());
    }

    /** State on the given nanosecond clock (tests pass a manual one) and the system's wall clock. */
    public PolicyState(TimeMeter clock) {
        this(clock, Clock.systemUTC());
    }

    /**
     * @param clock     for rates and buckets
     * @param wallClock for expiry times (of keys, of tokens)
     */
    public PolicyState(TimeMeter clock, Clock wallClock) {
        this(clock, wallClock, new LocalCounts(clock));
    }

    /**
     * @param clock     for rates and buckets
     * @param wallClock for expiry times (of keys, of tokens)
     * @param counts    where the counters and buckets are kept (a {@link LocalCounts} on {@code clock} by default)
     */
    public PolicyState(TimeMeter clock, Clock wallClock, SharedCounts counts) {
        this.clock = clock;
        this.wallClock = wallClock;
        this.counts = counts;
    }

    /** Where the counters and buckets are kept. */
    public SharedCounts counts() {
        return counts;
    }

    /** The applications, keys and plans of the current catalog. */
    public Directory directory() {
        return directory;
    }

    /** Takes in the applications of a changed catalog. */
    public void directory(Directory next) {
        directory = next;
    }

    /** Now, on the wall clock. */
    public Instant now() {
        return wallClock.instant();
    }

    /** Now, in nanoseconds of the state's clock. */
    public long nanoTime() {
        return clock.currentTimeNanos();
    }

    /**
     * Counts one more under {@code key} if fewer than {@code max} are counted.
     *
     * @return whether it was counted; if so, {@link #release} it exactly once
     */
    public boolean tryAcquire(String key, int max) {
        return counts.tryAcquire(key, max);
    }

    /** Gives back one acquired under {@code key}. */
    public void release(String key) {
        counts.release(key);
    }

    /**
     * The answer to a handshake that {@link #tryAcquire} or a bucket refused: {@code 429} with {@code message}, or,
     * while the counts' store cannot be reached and the gateway refuses then, {@code 503} with {@code Retry-After}
     * saying so.
     */
    public Verdict overLimit(String message) {
        if (counts.refusing()) {
            return Verdict.refuse(503, "503 Service Unavailable: the gateway cannot count its cluster-wide limits "
                    + "now (its Redis is unreachable); retry in " + RETRY_WHILE_REFUSING + " s", "Retry-After",
                    String.valueOf(RETRY_WHILE_REFUSING));
        }
        return Verdict.refuse(429, message);
    }

    /** How many are counted under {@code key} now. */
    public int count(String key) {
        return counts.count(key);
    }

    /**
     * The token bucket under {@code key}, created full on first use: {@code capacity} tokens, refilled at
     * {@code refill} tokens each {@code period}, greedily (a token at a time, not all at the end of the period).
     */
    public Limiter bucket(String key, long capacity, long refill, Duration period) {
        return bucket(key, capacity, refill, period, true);
    }

    /**
     * As {@link #bucket(String, long, long, Duration)}; with {@code greedy} false the bucket is refilled all at once
     * at the end of each period (a quota, such as events per day).
     */
    public Limiter bucket(String key, long capacity, long refill, Duration period, boolean greedy) {
        // The limit is part of the key: a changed limit starts a bucket of its own.
        String fullKey = key + "#" + capacity + "/" + refill + "/" + period.toNanos() + (greedy ? "" : "/i");
        return counts.bucket(fullKey, capacity, refill, period, greedy);
    }

    /**
     * A long-lived object shared by every chain that asks for the same key (a JWKS cache for one URL, say), made
     * on first use.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, java.util.function.Supplier<T> make) {
        return (T) shared.computeIfAbsent(key, k -> make.get());
    }

    /** Drops buckets that are full again (their clients went quiet); the gateway calls this now and then. */
    public void sweep() {
        counts.sweep();
    }

    /** How many buckets are kept (for tests and monitoring). */
    public int bucketCount() {
        return counts.bucketCount();
    }
}
