package org.wsgateway.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import org.wsgateway.metrics.MetricNames.Family;
import org.wsgateway.policy.Direction;

/**
 * The metrics of one API version, looked up once and held by each of its sessions, so the per-message path touches
 * only its own meters (striped adders) and lock-free histograms, never the registry. Keeps the last hour of its
 * figures as a {@link History} for the admin's charts.
 */
public final class ApiMetrics {

    private final MetricRegistry registry;
    private final String name;
    private final String version;
    private final Map<Integer, Meter> handshakes = new ConcurrentHashMap<>();
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
    private final History history;

    ApiMetrics(MetricRegistry registry, String name, String version, int historySteps) {
        this.registry = registry;
        this.name = name;
        this.version = version;
        handshakeTime = registry.timer(name(Family.HANDSHAKE_TIME));
        backendConnectTime = registry.timer(name(Family.BACKEND_CONNECT_TIME));
        sessions = registry.counter(name(Family.SESSIONS_ACTIVE));
        sessionDuration = GatewayMetrics.histogram(registry, name(Family.SESSION_DURATION));
        messagesIn = registry.meter(name(Family.MESSAGES, "inbound"));
        messagesOut = registry.meter(name(Family.MESSAGES, "outbound"));
        bytesIn = registry.meter(name(Family.BYTES, "inbound"));
        bytesOut = registry.meter(name(Family.BYTES, "outbound"));
        sizeIn = registry.histogram(name(Family.MESSAGE_SIZE, "inbound"),
                () -> new Histogram(new RecentValuesReservoir()));
        sizeOut = registry.histogram(name(Family.MESSAGE_SIZE, "outbound"),
                () -> new Histogram(new RecentValuesReservoir()));
        shaped = registry.counter(name(Family.SHAPED));
        policyClosed = registry.counter(name(Family.POLICY_CLOSED));
        backendErrors = registry.counter(name(Family.BACKEND_ERRORS));
        history = new History(historySteps, System.currentTimeMillis());
    }

    private String name(Family family, String... values) {
        return MetricNames.of(name, version, family, values);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** A handshake answered with {@code status} after {@code nanos}. */
    void handshake(int status, long nanos) {
        handshakes.computeIfAbsent(status, s -> registry.meter(name(Family.HANDSHAKES, Integer.toString(s)))).mark();
        handshakeTime.update(nanos, TimeUnit.NANOSECONDS);
    }

    /** A handshake refused by the policy named {@code policy}. */
    void rejected(String policy) {
        registry.counter(name(Family.REJECTED, policy)).inc();
    }

    void backendConnected(long nanos) {
        backendConnectTime.update(nanos, TimeUnit.NANOSECONDS);
    }

    void sessionOpened() {
        sessions.inc();
    }

    void sessionEnded(long millis) {
        sessions.dec();
        sessionDuration.update(millis);
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

    /** A whole message's size. */
    void size(Direction direction, long size) {
        (direction == Direction.INBOUND ? sizeIn : sizeOut).update(size);
    }

    /**
     * A close, by who started it ({@code client}, {@code backend}, {@code gateway}) and its code. Codes that peers
     * choose freely (3000-4999, registered and private) are counted as {@code 3xxx} and {@code 4xxx}, so a client
     * cannot make thousands of names.
     */
    void closed(String side, int code) {
        registry.counter(name(Family.CLOSES, side, codeLabel(code))).inc();
    }

    static String codeLabel(int code) {
        if (code >= 4000) {
            return "4xxx";
        }
        return code >= 3000 ? "3xxx" : Integer.toString(code);
    }

    void shaped() {
        shaped.inc();
    }

    void policyClosed() {
        policyClosed.inc();
    }

    void backendError() {
        backendErrors.inc();
    }

    // ---- reading ----

    /** The figures since the gateway started, for the admin's summary. */
    public Totals totals() {
        Map<String, Long> byStatus = new TreeMap<>();
        handshakes.forEach((status, meter) -> byStatus.put(Integer.toString(status), meter.getCount()));
        return new Totals(sessions.getCount(), byStatus, messagesIn.getCount(), messagesOut.getCount(),
                bytesIn.getCount(), bytesOut.getCount(), backendErrors.getCount(), policyClosed.getCount(),
                shaped.getCount());
    }

    /** Refused handshakes, backend errors and policy closes so far: what the error series counts. */
    long errors() {
        long refused = 0;
        for (Map.Entry<Integer, Meter> byStatus : handshakes.entrySet()) {
            refused += byStatus.getKey() >= 400 ? byStatus.getValue().getCount() : 0;
        }
        return refused + backendErrors.getCount() + policyClosed.getCount();
    }

    /** The last hour, one sample per step. */
    public History history() {
        return history;
    }

    /** Takes a sample of the figures now. */
    void sample(long epochMillis) {
        history.add(epochMillis, sessions.getCount(), messagesIn.getCount(), messagesOut.getCount(),
                bytesIn.getCount(), bytesOut.getCount(), errors());
    }

    /**
     * An API's figures since the gateway started.
     *
     * @param sessionsActive   sessions open now
     * @param handshakes       handshakes answered, by status
     * @param messagesInbound  messages from clients
     * @param messagesOutbound messages to clients
     * @param bytesInbound     payload bytes from clients
     * @param bytesOutbound    payload bytes to clients
     * @param backendErrors    backend connections lost or broken
     * @param policyClosed     sessions a policy closed
     * @param shaped           times a sender was paused by its plan
     */
    public record Totals(long sessionsActive, Map<String, Long> handshakes, long messagesInbound,
            long messagesOutbound, long bytesInbound, long bytesOutbound, long backendErrors, long policyClosed,
            long shaped) {

        /** The totals of an API not used since Tomcat started. */
        public static final Totals NONE = new Totals(0, Map.of(), 0, 0, 0, 0, 0, 0, 0);
    }
}
