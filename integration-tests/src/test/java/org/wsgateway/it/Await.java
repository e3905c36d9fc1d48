package org.wsgateway.it;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting on conditions instead of sleeping for a fixed time. */
final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds, failing after {@code seconds}. */
    static void until(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + " s waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits until a growing counter stops growing (no change over half a second), at most 15 s, and returns it:
     * how far a writer got before backpressure stopped it.
     */
    static long plateau(LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = counter.getAsLong();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        return counter.getAsLong();
    }
}
