package org.wsgateway.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.wsgateway.policy.Identity;
import org.wsgateway.relay.frame.CloseCodes;

/**
 * The relays that are live on one gateway, so that removing an API or stopping the gateway reaches their sockets.
 */
public final class RelayTracker {

    private final Set<RelaySession> live = ConcurrentHashMap.newKeySet();

    void add(RelaySession relay) {
        live.add(relay);
    }

    void remove(RelaySession relay) {
        synchronized (live) {
            live.remove(relay);
            live.notifyAll();
        }
    }

    /** How many relays are live. */
    public int size() {
        return live.size();
    }

    /** Closes both legs of every relay of the API with the given id. */
    public void close(String apiId, int code, String reason) {
        for (RelaySession relay : live) {
            if (relay.api().id().equals(apiId)) {
                relay.closeBoth(code, reason);
            }
        }
    }

    /** Closes both legs of every relay whose handshake's identity {@code why} finds a reason to end. */
    public void closeRevoked(java.util.function.Function<Identity, String> why) {
        for (RelaySession relay : live) {
            Identity identity = relay.handshake().identity();
            String reason = identity == null ? null : why.apply(identity);
            if (reason != null) {
                relay.closeBoth(CloseCodes.POLICY_VIOLATION, reason);
            }
        }
    }

    /** Live relays by API id. */
    public Map<String, Integer> connectionsByApi() {
        Map<String, Integer> counts = new HashMap<>();
        live.forEach(relay -> counts.merge(relay.api().id(), 1, Integer::sum));
        return counts;
    }

    /**
     * Closes both legs of every relay with 1001 and waits for them to finish their close handshakes.
     *
     * @return whether all finished within the timeout
     */
    public boolean closeAll(String reason, Duration timeout) {
        live.forEach(relay -> relay.closeBoth(CloseCodes.GOING_AWAY, reason));
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (live) {
            while (!live.isEmpty()) {
                long waitMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (waitMillis <= 0) {
                    return false;
                }
                try {
                    live.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }
}
