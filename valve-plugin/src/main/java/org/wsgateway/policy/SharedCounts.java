package org.wsgateway.policy;

import java.time.Duration;

/**
 * Where {@link PolicyState} keeps its connection counters and token buckets: in this JVM ({@link LocalCounts}, the
 * default) or in a store shared by several gateways (a cluster). Keys name a policy, its API and what is counted.
 *
 * <p>An implementation MUST be thread-safe, MUST NOT block a caller longer than a short, bounded timeout, and MUST
 * answer (never throw) when its store is unreachable, by its own fallback rule. It MAY count cluster-wide.
 */
public interface SharedCounts extends AutoCloseable {

    /**
     * Counts one more under {@code key} if fewer than {@code max} are counted.
     *
     * @return whether it was counted; if so, {@link #release} it exactly once
     */
    boolean tryAcquire(String key, int max);

    /** Gives back one acquired under {@code key}. */
    void release(String key);

    /** How many are counted under {@code key} now. */
    int count(String key);

    /**
     * The token bucket under {@code key}, created full on first use: {@code capacity} tokens, refilled at
     * {@code refill} tokens each {@code period}, greedily or (with {@code greedy} false) all at once at the end of
     * each period. The key already holds the limit. The same key gives the same limiter while it is kept.
     */
    Limiter bucket(String key, long capacity, long refill, Duration period, boolean greedy);

    /**
     * Whether it refuses to count now (its store is unreachable and its fallback rule is to refuse): a refused
     * {@link #tryAcquire} then means "cannot count", not "over the limit". By default never.
     */
    default boolean refusing() {
        return false;
    }

    /** Drops buckets that are full again; the gateway calls this now and then. */
    void sweep();

    /** How many buckets are kept here (for tests and monitoring). */
    int bucketCount();

    /** Lets go of what it holds (a store's connection, this node's share of the counts). By default nothing. */
    @Override
    default void close() {
    }

}
