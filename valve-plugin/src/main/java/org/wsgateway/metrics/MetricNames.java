package org.wsgateway.metrics;

import com.codahale.metrics.MetricRegistry;
import org.wsgateway.api.Api;

/**
 * Every metric name the gateway registers, in one place. Names are dotted, per API version (bounded: never per
 * connection or per client address): {@code ws-gateway.api.<name>.<version>.<metric>}.
 */
public final class MetricNames {

    /** The shared registry's name ({@code SharedMetricRegistries}) and the JMX domain. */
    public static final String REGISTRY = "ws-gateway";

    /** Meter: handshakes answered, by status ({@code handshakes.101}, {@code handshakes.401}, ...). */
    public static final String HANDSHAKES = "handshakes";
    /** Timer: from the request reaching the gateway to its answer (101 or a refusal). */
    public static final String HANDSHAKE_TIME = "handshake-time";
    /** Timer: connecting and upgrading the backend leg. */
    public static final String BACKEND_CONNECT_TIME = "backend-connect-time";
    /** Counter: relayed sessions open now. */
    public static final String SESSIONS_ACTIVE = "sessions.active";
    /** Histogram: session lengths in milliseconds (kept apart from handshake latency). */
    public static final String SESSION_DURATION = "session-duration-ms";
    /** Meters: messages each way ({@code messages.inbound}: from clients; {@code messages.outbound}: to clients). */
    public static final String MESSAGES = "messages";
    /** Meters: payload bytes each way. */
    public static final String BYTES = "bytes";
    /** Histograms: message sizes each way, in bytes. */
    public static final String MESSAGE_SIZE = "message-size";
    /** Counter: closes by who started them and the code, e.g. {@code closes.client.1000}, {@code closes.gateway.1008}. */
    public static final String CLOSES = "closes";
    /** Counter: times a sender was paused by its business plan (shaping). */
    public static final String SHAPED = "shaped";
    /** Counter: connections a policy closed on a message (size, schema, plan). */
    public static final String POLICY_CLOSED = "policy-closed";
    /** Counter: backend connections lost or broken (not closed cleanly). */
    public static final String BACKEND_ERRORS = "backend-errors";

    private MetricNames() {
    }

    /** The full name of a metric of an API version, e.g. {@code ws-gateway.api.EchoWebSocket.1.0.messages.inbound}. */
    public static String of(Api api, String... parts) {
        String[] all = new String[parts.length + 2];
        all[0] = api.name();
        all[1] = api.version();
        System.arraycopy(parts, 0, all, 2, parts.length);
        return MetricRegistry.name(REGISTRY + ".api", all);
    }
}
