package org.wsgateway.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * The state policies share between connections, kept by the gateway so that it outlives catalog reloads: connection
 * counters and token buckets, by key (a key names its policy, its API and what it counts, e.g.
 * {@code connection-limit/<api>/ip/10.0.0.7}). Entries that hold nothing are dropped, so per-address keys do not
 * pile up.
 */
public final class PolicyState {

    private final TimeMeter clock;
    private final Clock wallClock;
    private volatile Directory directory = Directory.EMPTY;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Map<String, Limited> buckets = new ConcurrentHashMap<>();
    private final Map<String, Object> shared = new ConcurrentHashMap<>();

    private record Limited(Bucket bucket, long capacity) {
    }

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
        this.clock = clock;
        this.wallClock = wallClock;
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
        boolean[] taken = new boolean[1];
        counters.compute(key, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < max) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    /** Gives back one acquired under {@code key}. */
    public void release(String key) {
        counters.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** How many are counted under {@code key} now. */
    public int count(String key) {
        AtomicInteger count = counters.get(key);
        return count == null ? 0 : count.get();
    }

    /**
     * The token bucket under {@code key}, created full on first use: {@code capacity} tokens, refilled at
     * {@code refill} tokens each {@code period}, greedily (a token at a time, not all at the end of the period).
     */
    public Bucket bucket(String key, long capacity, long refill, Duration period) {
        return bucket(key, capacity, refill, period, true);
    }

    /**
     * As {@link #bucket(String, long, long, Duration)}; with {@code greedy} false the bucket is refilled all at once
     * at the end of each period (a quota, such as events per day).
     */
    public Bucket bucket(String key, long capacity, long refill, Duration period, boolean greedy) {
        // The limit is part of the key: a changed limit starts a bucket of its own.
        String fullKey = key + "#" + capacity + "/" + refill + "/" + period.toNanos() + (greedy ? "" : "/i");
        return buckets.computeIfAbsent(fullKey, k -> new Limited(Bucket.builder()
                .addLimit(greedy ? Bandwidth.builder().capacity(capacity).refillGreedy(refill, period).build()
                        : Bandwidth.builder().capacity(capacity).refillIntervally(refill, period).build())
                .withCustomTimePrecision(clock).build(), capacity)).bucket();
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
        buckets.values().removeIf(l -> l.bucket().getAvailableTokens() >= l.capacity());
    }

    /** How many buckets are kept (for tests and monitoring). */
    public int bucketCount() {
        return buckets.size();
    }
}
