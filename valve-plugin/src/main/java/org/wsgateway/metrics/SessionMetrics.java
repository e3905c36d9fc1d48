package org.wsgateway.metrics;

import org.wsgateway.policy.Direction;

/**
 * What one relayed session counts: its own totals (for the access log line written at its end) and, when metrics
 * are on, its API's and its application's metrics. Each direction is counted by one thread only (inbound: the
 * thread reading the client; outbound: the backend's event loop), so the totals are single-writer fields, and what
 * the shared meters have not seen yet is added to them once per read batch ({@link #flush}).
 */
public final class SessionMetrics {

    private final ApiMetrics api;
    private final ApplicationMetrics application;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    /** How much of the totals the shared meters have had; each touched by its direction's thread only. */
    private long flushedBytesIn;
    private long flushedBytesOut;
    private long flushedMessagesIn;
    private long flushedMessagesOut;

    /**
     * @param api         the API's metrics, or {@code null} when metrics are off
     * @param application the application's metrics, or {@code null} when off or unknown (an open API)
     */
    SessionMetrics(ApiMetrics api, ApplicationMetrics application) {
        this.api = api;
        this.application = application;
    }

    /** Counts nothing but the session's own totals. */
    public static SessionMetrics totalsOnly() {
        return new SessionMetrics(null, null);
    }

    public void opened() {
        if (api != null) {
            api.sessionOpened();
        }
        if (application != null) {
            application.sessionOpened();
        }
    }

    public void ended(long millis) {
        if (api != null) {
            api.sessionEnded(millis);
        }
        if (application != null) {
            application.sessionEnded();
        }
    }

    /** A piece of a message crossed (counted in the shared meters at the next {@link #flush}). */
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer per direction
    public void piece(Direction direction, int bytes) {
        if (direction == Direction.INBOUND) {
            bytesIn += bytes;
        } else {
            bytesOut += bytes;
        }
    }

    /** A whole message crossed, of {@code size} bytes (its size goes to the API's histogram at once). */
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer per direction
    public void message(Direction direction, long size) {
        if (direction == Direction.INBOUND) {
            messagesIn++;
        } else {
            messagesOut++;
        }
        if (api != null) {
            api.size(direction, size);
        }
    }

    /**
     * Adds what crossed in {@code direction} since the last flush to the API's and the application's meters: once
     * per read batch, not once per message (a meter's mark reads the clock). Called by that direction's thread.
     */
    public void flush(Direction direction) {
        long bytes;
        long messages;
        if (direction == Direction.INBOUND) {
            bytes = bytesIn - flushedBytesIn;
            messages = messagesIn - flushedMessagesIn;
            flushedBytesIn += bytes;
            flushedMessagesIn += messages;
        } else {
            bytes = bytesOut - flushedBytesOut;
            messages = messagesOut - flushedMessagesOut;
            flushedBytesOut += bytes;
            flushedMessagesOut += messages;
        }
        if (bytes == 0 && messages == 0) {
            return;
        }
        if (api != null) {
            api.crossed(direction, bytes, messages);
        }
        if (application != null) {
            application.crossed(direction, bytes, messages);
        }
    }

    /** The first close of the session: who started it ({@code client}, {@code backend}, {@code gateway}), its code. */
    public void closed(String side, int code) {
        if (api != null) {
            api.closed(side, code);
        }
    }

    public void shaped() {
        if (api != null) {
            api.shaped();
        }
        if (application != null) {
            application.shaped();
        }
    }

    public void policyClosed() {
        if (api != null) {
            api.policyClosed();
        }
        if (application != null) {
            application.policyClosed();
        }
    }

    public void backendError() {
        if (api != null) {
            api.backendError();
        }
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }
}
