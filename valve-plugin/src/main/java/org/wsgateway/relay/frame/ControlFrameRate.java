package org.wsgateway.relay.frame;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many control frames (pings and pongs) one peer may send: {@link #PER_SECOND} a second on average, with bursts
 * of up to {@link #BURST} (a token bucket). A peer above it for a few seconds, or flooding, is refused: answering
 * every ping of a flood would cost the gateway a pong each. One per direction of a connection, used by its reader's
 * thread only.
 */
public final class ControlFrameRate {

    /** Control frames a second a peer may send, sustained. */
    public static final int PER_SECOND = 100;
    /** Control frames a peer may send at once above the sustained rate: three seconds' worth. */
    public static final int BURST = 3 * PER_SECOND;

    private static final long NANOS_PER_FRAME = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;

    private final LongSupplier clock;
    private long tokens = BURST;
    private long refilledAt;

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    public ControlFrameRate(LongSupplier clock) {
        this.clock = clock;
        this.refilledAt = clock.getAsLong();
    }

    /** The rate of a connection, on the system's clock. */
    public static ControlFrameRate standard() {
        return new ControlFrameRate(System::nanoTime);
    }

    /** Counts one control frame; false if the peer is above its rate. */
    public boolean admit() {
        long now = clock.getAsLong();
        long earned = (now - refilledAt) / NANOS_PER_FRAME;
        if (earned > 0) {
            tokens = Math.min(BURST, tokens + earned);
            refilledAt += earned * NANOS_PER_FRAME;
        }
        if (tokens == BURST) {
            refilledAt = now;
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** The close reason for a peer above its rate. */
    public String refusal() {
        return "more than " + PER_SECOND + " control frames a second";
    }
}
