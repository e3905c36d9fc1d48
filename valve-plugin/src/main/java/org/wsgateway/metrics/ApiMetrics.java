package org.wsgateway.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import org.wsgateway.api.Api;
import org.wsgateway.policy.Direction;

/**
 * The metrics of one API version, looked up once and held by each of its sessions, so the per-message path touches
 * only its own meters (striped adders) and lock-free histograms, never the registry.
 */
public final class ApiMetrics {

    private final MetricRegistry registry;
    private final Api api;
    private final Timer handshakeTime;
    private final Timer backendConnectTime;
    private final Counter sessions;
    private final Histogram sessionDuration;
    private final Meter messagesIn;
    private final Meter messagesOut;
    private final Meter bytesIn;
    private final Meter bytesOut;
    private final Histogram sizeIn;
    private final Histogram sizeOut;
    private final Counter shaped;
    private final Counter policyClosed;
    private final Counter backendErrors;

    ApiMetrics(MetricRegistry registry, Api api) {
        this.registry = registry;
        this.api = api;
        handshakeTime = registry.timer(MetricNames.of(api, MetricNames.HANDSHAKE_TIME));
        backendConnectTime = registry.timer(MetricNames.of(api, MetricNames.BACKEND_CONNECT_TIME));
        sessions = registry.counter(MetricNames.of(api, MetricNames.SESSIONS_ACTIVE));
        sessionDuration = histogram(MetricNames.of(api, MetricNames.SESSION_DURATION));
        messagesIn = registry.meter(MetricNames.of(api, MetricNames.MESSAGES, "inbound"));
        messagesOut = registry.meter(MetricNames.of(api, MetricNames.MESSAGES, "outbound"));
        bytesIn = registry.meter(MetricNames.of(api, MetricNames.BYTES, "inbound"));
        bytesOut = registry.meter(MetricNames.of(api, MetricNames.BYTES, "outbound"));
        sizeIn = histogram(MetricNames.of(api, MetricNames.MESSAGE_SIZE, "inbound"));
        sizeOut = histogram(MetricNames.of(api, MetricNames.MESSAGE_SIZE, "outbound"));
        shaped = registry.counter(MetricNames.of(api, MetricNames.SHAPED));
        policyClosed = registry.counter(MetricNames.of(api, MetricNames.POLICY_CLOSED));
        backendErrors = registry.counter(MetricNames.of(api, MetricNames.BACKEND_ERRORS));
    }

    private Histogram histogram(String name) {
        return registry.histogram(name, () -> new Histogram(LockFreeExponentiallyDecayingReservoir.builder().build()));
    }

    /** A handshake answered with {@code status} after {@code nanos}. */
    public void handshake(int status, long nanos) {
        registry.meter(MetricNames.of(api, MetricNames.HANDSHAKES, Integer.toString(status))).mark();
        handshakeTime.update(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void backendConnected(long nanos) {
        backendConnectTime.update(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void sessionOpened() {
        sessions.inc();
    }

    public void sessionEnded(long millis) {
        sessions.dec();
        sessionDuration.update(millis);
    }

    /** A piece of a message crossed; at its last piece, the message counts with its whole size. */
    public void piece(Direction direction, int bytes) {
        (direction == Direction.INBOUND ? bytesIn : bytesOut).mark(bytes);
    }

    public void message(Direction direction, long size) {
        if (direction == Direction.INBOUND) {
            messagesIn.mark();
            sizeIn.update(size);
        } else {
            messagesOut.mark();
            sizeOut.update(size);
        }
    }

    /** A close, by who started it ({@code client}, {@code backend}, {@code gateway}) and its code. */
    public void closed(String side, int code) {
        registry.counter(MetricNames.of(api, MetricNames.CLOSES, side, Integer.toString(code))).inc();
    }

    public void shaped() {
        shaped.inc();
    }

    public void policyClosed() {
        policyClosed.inc();
    }

    public void backendError() {
        backendErrors.inc();
    }
}
