package org.wsgateway.cluster;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.wsgateway.policy.Limiter;
import org.wsgateway.policy.LocalCounts;

/**
 * One bucket of {@link RedisCounts}: Bucket4j's proxy of the bucket in Redis while Redis answers, and a stand-in on
 * this node (the limits divided by the live nodes) while it does not. A failed take marks Redis down and is answered
 * by the stand-in, so a caller never sees an outage as an error.
 */
final class RedisLimiter implements Limiter {

    private final RedisCounts counts;
    private final String key;
    private final long capacity;
    private final long refill;
    private final Duration period;
    private final boolean greedy;
    private final BucketConfiguration configuration;
    /**
     * The proxies of the bucket in Redis, made on first use: {@value RedisCounts#SHARDS} for a large bucket (each
     * thread takes from one by its id, so that the event loops do not queue behind one another for one proxy's
     * lock), one for a small, exact one.
     */
    private final AtomicReferenceArray<BucketProxy> shards;
    /** Set by every take, cleared by each sweep: a limiter not used between two sweeps is dropped. */
    private boolean used = true;

    RedisLimiter(RedisCounts counts, String key, long capacity, long refill, Duration period, boolean greedy) {
        this.counts = counts;
        this.key = key;
        this.capacity = capacity;
        this.refill = refill;
        this.period = period;
        this.greedy = greedy;
        this.configuration = BucketConfiguration.builder()
                .addLimit(LocalCounts.bandwidth(capacity, refill, period, greedy)).build();
        this.shards = new AtomicReferenceArray<>(capacity < RedisCounts.EXACT_BELOW ? 1 : RedisCounts.SHARDS);
    }

    @Override
    public Take tryTake(long tokens) {
        BucketProxy bucket = remote();
        if (bucket != null) {
            try {
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
                return probe.isConsumed() ? Take.TAKEN : new Take(false, probe.getNanosToWaitForRefill());
            } catch (RuntimeException e) {
                counts.down(e);
            }
        }
        return standIn().tryTake(tokens);
    }

    @Override
    public long takeIgnoringLimits(long tokens) {
        BucketProxy bucket = remote();
        if (bucket != null) {
            try {
                return bucket.consumeIgnoringRateLimits(tokens);
            } catch (RuntimeException e) {
                counts.down(e);
            }
        }
        return standIn().takeIgnoringLimits(tokens);
    }

    @Override
    public long available() {
        BucketProxy bucket = remote();
        if (bucket != null) {
            try {
                return bucket.getAvailableTokens();
            } catch (RuntimeException e) {
                counts.down(e);
            }
        }
        return standIn().available();
    }

    /** Whether it went unused since the last sweep (it is then dropped; its tokens stay in Redis). */
    boolean idle() {
        if (used) {
            used = false;
            return false;
        }
        for (int i = 0; i < shards.length() && counts.up(); i++) {
            BucketProxy bucket = shards.get(i);
            if (bucket != null) {
                try {
                    // What was taken here but not yet written goes to Redis before the proxy is dropped.
                    bucket.getOptimizationController().syncImmediately();
                } catch (RuntimeException e) {
                    counts.down(e);
                }
            }
        }
        return true;
    }

    private BucketProxy remote() {
        // A plain write: a sweep that misses it only keeps the limiter one sweep longer, or drops one in use (its
        // tokens are in Redis; the next take makes it again).
        used = true;
        if (!counts.up()) {
            return null;
        }
        int shard = shards.length() == 1 ? 0 : (int) (Thread.currentThread().getId() % shards.length());
        BucketProxy bucket = shards.get(shard);
        if (bucket == null) {
            // A large bucket's shards each take up to a twentieth of their part: a twentieth of it for the node.
            BucketProxy made = counts.remote(key, configuration, shards.length() == 1 ? 0
                    : Math.max(1, capacity / shards.length() / 20));
            bucket = made == null || shards.compareAndSet(shard, null, made) ? made : shards.get(shard);
        }
        return bucket;
    }

    private Limiter standIn() {
        return counts.standIn(key, capacity, refill, period, greedy);
    }
}
