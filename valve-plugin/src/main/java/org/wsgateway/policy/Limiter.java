package org.wsgateway.policy;

/**
 * A token bucket as the limit policies use it: take tokens if there are enough, take them regardless (shaping), or
 * ask how many there are. Made by {@link SharedCounts#bucket}; thread-safe.
 *
 * <p>An implementation MAY count in memory or in a shared store, and MAY count a few tokens locally before it
 * synchronises with that store. It MUST NOT block a caller for longer than a short, bounded timeout (the guard of
 * every message calls it on a Netty event loop), and MUST NOT throw when its store is unreachable: it decides
 * locally instead.
 */
public interface Limiter {

    /**
     * The answer of {@link #tryTake}.
     *
     * @param taken       whether the tokens were taken
     * @param nanosToWait when they were not: how long until that many will be there
     */
    record Take(boolean taken, long nanosToWait) {

        /** Tokens taken. */
        public static final Take TAKEN = new Take(true, 0);
    }

    /** Takes {@code tokens} if there are that many; otherwise takes none and says how long to wait. */
    Take tryTake(long tokens);

    /** Takes {@code tokens} even if there are not that many, and returns the nanoseconds the debt takes to refill. */
    long takeIgnoringLimits(long tokens);

    /** The tokens there are now (negative while in debt). */
    long available();
}
