package org.wsgateway.valve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.wsgateway.api.Api;

/**
 * How many upgrades of each API are waiting for its backend at once, within a bound: a black-holed backend then
 * costs its own API at most that many waiting handshakes, and every other API of the gateway goes on. Counted from
 * the backend connect to its outcome (connected, refused or timed out), whichever thread sees it.
 */
final class PendingHandshakes {

    private final int max;
    private final Map<String, AtomicInteger> byApi = new ConcurrentHashMap<>();

    /** @param max handshakes one API may have waiting for its backend at once; at least 1 */
    PendingHandshakes(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one pending handshake per API, not " + max);
        }
        this.max = max;
    }

    /** Counts one more handshake of {@code api} waiting for its backend, unless as many as the bound already are. */
    boolean enter(Api api) {
        AtomicInteger pending = byApi.computeIfAbsent(api.id(), id -> new AtomicInteger());
        if (pending.incrementAndGet() > max) {
            pending.decrementAndGet();
            return false;
        }
        return true;
    }

    /** One handshake of {@code api} no longer waits for its backend. */
    void leave(Api api) {
        AtomicInteger pending = byApi.get(api.id());
        if (pending != null) {
            pending.decrementAndGet();
        }
    }

    /** Handshakes of {@code api} waiting for its backend now. */
    int of(Api api) {
        AtomicInteger pending = byApi.get(api.id());
        return pending == null ? 0 : pending.get();
    }

    int max() {
        return max;
    }
}
