package org.wsgateway.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import org.wsgateway.metrics.MetricNames.Family;
import org.wsgateway.policy.Direction;

/** The metrics of one application, across the APIs it is subscribed to; known once a key or token names it. */
final class ApplicationMetrics {

    private final MetricRegistry registry;
    private final String name;
    private final Map<Integer, Meter> handshakes = new ConcurrentHashMap<>();
    private final Counter sessions;
    private final Meter messagesIn;
    private final Meter messagesOut;
    private final Meter bytesIn;
    private final Meter bytesOut;
    private final Counter shaped;
    private final Counter policyClosed;

    ApplicationMetrics(MetricRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
        sessions = registry.counter(MetricNames.ofApplication(name, Family.APPLICATION_SESSIONS_ACTIVE));
        messagesIn = registry.meter(MetricNames.ofApplication(name, Family.APPLICATION_MESSAGES, "inbound"));
        messagesOut = registry.meter(MetricNames.ofApplication(name, Family.APPLICATION_MESSAGES, "outbound"));
        bytesIn = registry.meter(MetricNames.ofApplication(name, Family.APPLICATION_BYTES, "inbound"));
        bytesOut = registry.meter(MetricNames.ofApplication(name, Family.APPLICATION_BYTES, "outbound"));
        shaped = registry.counter(MetricNames.ofApplication(name, Family.APPLICATION_SHAPED));
        policyClosed = registry.counter(MetricNames.ofApplication(name, Family.APPLICATION_POLICY_CLOSED));
    }

    void handshake(int status) {
        handshakes.computeIfAbsent(status, s -> registry.meter(
                MetricNames.ofApplication(name, Family.APPLICATION_HANDSHAKES, Integer.toString(s)))).mark();
    }

    void sessionOpened() {
        sessions.inc();
    }

    void sessionEnded() {
        sessions.dec();
    }

    /** Bytes and whole messages that crossed in {@code direction} (a read batch's worth). */
    void crossed(Direction direction, long bytes, long messages) {
        if (direction == Direction.INBOUND) {
            bytesIn.mark(bytes);
            messagesIn.mark(messages);
        } else {
            bytesOut.mark(bytes);
            messagesOut.mark(messages);
        }
    }

    void shaped() {
        shaped.inc();
    }

    void policyClosed() {
        policyClosed.inc();
    }
}
