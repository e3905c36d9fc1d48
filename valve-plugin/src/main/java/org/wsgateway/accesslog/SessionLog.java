package org.wsgateway.accesslog;

import org.wsgateway.metrics.SessionMetrics;

/**
 * A session's access-log line to be: where it goes, what the handshake said and when it started.
 *
 * @param log        the access log
 * @param opening    what the handshake said
 * @param startNanos when the handshake request reached the gateway ({@code System.nanoTime()})
 */
public record SessionLog(WebSocketAccessLog log, AccessLogEntry.Opening opening, long startNanos) {

    /** Writes the line of a session that ended after its first close ({@code closedBy} with {@code code}). */
    public void ended(SessionMetrics totals, String closedBy, int code, String reason) {
        log.log(new AccessLogEntry(opening, System.currentTimeMillis(), 101,
                (System.nanoTime() - startNanos) / 1_000_000, totals.messagesIn(), totals.bytesIn(),
                totals.messagesOut(), totals.bytesOut(), closedBy, code, reason, null));
    }
}
