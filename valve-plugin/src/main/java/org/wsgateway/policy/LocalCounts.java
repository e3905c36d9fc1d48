package org.wsgateway.policy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * {@link SharedCounts} in this JVM: counters and Bucket4j buckets in concurrent maps; entries that hold nothing are
 * dropped, so per-address keys do not pile up. The default, and what a cluster store falls back on.
 */
public final class LocalCounts implements SharedCounts {

    private final TimeMeter clock;
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Map<String, Local> buckets = new ConcurrentHashMap<>();

    /** @param clock for rates and buckets (tests pass a manual one) */
    public LocalCounts(TimeMeter clock) {
        this.clock = clock;
    }

    @Override
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

    @Override
    public void release(String key) {
        counters.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    @Override
    public int count(String key) {
        AtomicInteger count = counters.get(key);
        return count == null ? 0 : count.get();
    }

    @Override
    public Limiter bucket(String key, long capacity, long refill, Duration period, boolean greedy) {
        return buckets.computeIfAbsent(key, k -> new Local(Bucket.builder()
                .addLimit(bandwidth(capacity, refill, period, greedy))
                .withCustomTimePrecision(clock).build(), capacity));
    }

    /**
     * The limit of a bucket as {@link SharedCounts#bucket} describes it, for Bucket4j: {@code capacity} tokens,
     * {@code refill} each {@code period}, greedily or all at once at the end of the period.
     */
    public static Bandwidth bandwidth(long capacity, long refill, Duration period, boolean greedy) {
        return greedy ? Bandwidth.builder().capacity(capacity).refillGreedy(refill, period).build()
                : Bandwidth.builder().capacity(capacity).refillIntervally(refill, period).build();
    }

    @Override
    public void sweep() {
        buckets.values().removeIf(l -> l.available() >= l.capacity());
    }

    @Override
    public int bucketCount() {
        return buckets.size();
    }

    /** A Bucket4j bucket seen as a {@link Limiter}. */
    private record Local(Bucket bucket, long capacity) implements Limiter {

        @Override
        public Take tryTake(long tokens) {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
            return probe.isConsumed() ? Take.TAKEN : new Take(false, probe.getNanosToWaitForRefill());
        }

        @Override
        public long takeIgnoringLimits(long tokens) {
            return bucket.consumeIgnoringRateLimits(tokens);
        }

        @Override
        public long available() {
            return bucket.getAvailableTokens();
        }
    }
}
