package org.wsgateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class PolicyStateTest {

    private final TesterClock clock = new TesterClock();
    private final PolicyState state = new PolicyState(clock);

    @Test
    void countsUpToTheMaximumAndForgetsAKeyAtZero() {
        assertTrue(state.tryAcquire("k", 2));
        assertTrue(state.tryAcquire("k", 2));
        assertFalse(state.tryAcquire("k", 2));
        state.release("k");
        assertEquals(1, state.count("k"));
        assertTrue(state.tryAcquire("k", 2));
        state.release("k");
        state.release("k");
        assertEquals(0, state.count("k"));
        state.release("k");
        assertEquals(0, state.count("k"), "an extra release does not go below zero");
    }

    @Test
    void refillsBucketsOnTheInjectedClockAndSweepsFullOnes() {
        var bucket = state.bucket("b", 2, 2, Duration.ofSeconds(10));
        assertTrue(bucket.tryTake(2).taken());
        assertFalse(bucket.tryTake(1).taken());
        clock.advance(Duration.ofSeconds(5));
        assertTrue(bucket.tryTake(1).taken(), "half the period refills half the tokens");
        state.sweep();
        assertSame(bucket, state.bucket("b", 2, 2, Duration.ofSeconds(10)), "a bucket in use is kept");
        clock.advance(Duration.ofSeconds(60));
        state.sweep();
        assertEquals(0, state.bucketCount());
        assertNotSame(bucket, state.bucket("b", 2, 2, Duration.ofSeconds(10)));
    }

    @Test
    void givesAChangedLimitABucketOfItsOwn() {
        assertNotSame(state.bucket("b", 2, 2, Duration.ofSeconds(10)), state.bucket("b", 3, 3, Duration.ofSeconds(10)));
    }

    @Test
    void statesGivenOneSharedCountsShareTheirCountersAndBuckets() {
        SharedCounts counts = new LocalCounts(clock);
        PolicyState one = new PolicyState(clock, Clock.systemUTC(), counts);
        PolicyState two = new PolicyState(clock, Clock.systemUTC(), counts);
        assertTrue(one.tryAcquire("k", 1));
        assertFalse(two.tryAcquire("k", 1), "the other state sees the count");
        one.bucket("b", 1, 1, Duration.ofMinutes(1)).tryTake(1);
        assertFalse(two.bucket("b", 1, 1, Duration.ofMinutes(1)).tryTake(1).taken(), "and the bucket");
    }
}
