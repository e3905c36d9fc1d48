package org.wsgateway.valve;

import org.wsgateway.accesslog.AccessLogEntry;
import org.wsgateway.accesslog.WebSocketAccessLog;
import org.wsgateway.api.Api;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.policy.UpgradeRequest;

/**
 * Counts a handshake's answer and logs it if it was a refusal (an upgraded one is logged when its session ends):
 * at once for the gateway's own answers, and when the backend has answered for the rest.
 */
final class HandshakeRecorder {

    private final GatewayMetrics metrics;
    private final WebSocketAccessLog accessLog;

    /** @param accessLog where refusals are logged, or {@code null} */
    HandshakeRecorder(GatewayMetrics metrics, WebSocketAccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * @param api     the API, or {@code null} when none matched
     * @param upgrade the handshake as the policies saw it, or {@code null} if refused before them
     * @param opening the handshake as the access log tells it
     * @param reason  why it was refused, or {@code null}
     * @param start   when the request reached the gateway ({@code System.nanoTime()})
     */
    void answered(Api api, UpgradeRequest upgrade, AccessLogEntry.Opening opening, int status, String reason,
            long start) {
        long nanos = System.nanoTime() - start;
        if (api != null) {
            metrics.handshake(api, upgrade == null ? null : upgrade.identity(), status, nanos);
            if (upgrade != null && upgrade.refusedBy() != null) {
                metrics.rejected(api, upgrade.refusedBy());
            }
        }
        if (status != 101 && accessLog != null) {
            accessLog.log(AccessLogEntry.refused(opening, System.currentTimeMillis(), status, nanos / 1_000_000,
                    reason, upgrade == null ? null : upgrade.refusedBy()));
        }
    }

    /** Whether refusals are logged (an opening need not be made otherwise). */
    boolean logs() {
        return accessLog != null;
    }
}
