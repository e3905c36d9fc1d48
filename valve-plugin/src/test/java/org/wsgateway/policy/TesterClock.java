package org.wsgateway.policy;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;

/** A clock that moves only when a test says so. */
public final class TesterClock implements TimeMeter {

    private long nanos = 1_000_000_000L;

    public void advance(Duration by) {
        nanos += by.toNanos();
    }

    @Override
    public long currentTimeNanos() {
        return nanos;
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }
}
