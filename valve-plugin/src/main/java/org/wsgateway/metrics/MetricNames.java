package org.wsgateway.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.MetricRegistry;

/**
 * Every metric the gateway registers, in one place. Dropwizard names are dotted, per API version or per application
 * (bounded: never per connection or per client address): {@code ws-gateway.api.<name>.<version>.<metric>} and
 * {@code ws-gateway.application.<name>.<metric>}. Each name is also indexed with its {@link Family} and labels, so an
 * exporter that speaks in labels (Prometheus) need not parse names that may hold dots of their own ({@code 1.0}).
 */
public final class MetricNames {

    /** The shared registry's name ({@code SharedMetricRegistries}) and the JMX domain. */
    public static final String REGISTRY = "ws-gateway";

    /** What a registered name measures: its family and its label values (api, version or application, then more). */
    public record MetricId(Family family, Map<String, String> labels) {
    }

    /** Whose metric a family is. */
    public enum Scope {
        API, APPLICATION, GATEWAY
    }

    /**
     * The gateway's metric families: the Dropwizard name part, the Prometheus name and help, the labels the name's
     * extra parts become, and the factor that turns recorded values into the Prometheus unit (timers record
     * nanoseconds, session lengths milliseconds; both are exported in seconds).
     */
    public enum Family {
        /** Meter: handshakes answered, by status ({@code handshakes.101}, {@code handshakes.401}, ...). */
        HANDSHAKES(Scope.API, "handshakes", "ws_gateway_handshakes", "WebSocket handshakes answered, by HTTP status",
                1, "status"),
        /** Timer: from the request reaching the gateway to its answer (101 or a refusal). */
        HANDSHAKE_TIME(Scope.API, "handshake-time", "ws_gateway_handshake_seconds",
                "Time from a handshake request to the gateway's answer", 1e-9),
        /** Timer: connecting and upgrading the backend leg. */
        BACKEND_CONNECT_TIME(Scope.API, "backend-connect-time", "ws_gateway_backend_connect_seconds",
                "Time to connect and upgrade the backend leg", 1e-9),
        /** Counter: relayed sessions open now. */
        SESSIONS_ACTIVE(Scope.API, "sessions.active", "ws_gateway_sessions_active", "Relayed sessions open now", 1),
        /** Histogram: session lengths in milliseconds (kept apart from handshake latency). */
        SESSION_DURATION(Scope.API, "session-duration-ms", "ws_gateway_session_duration_seconds",
                "Length of ended sessions", 1e-3),
        /** Meters: messages each way ({@code messages.inbound}: from clients; {@code messages.outbound}: to them). */
        MESSAGES(Scope.API, "messages", "ws_gateway_messages", "Messages relayed, by direction", 1, "direction"),
        /** Meters: payload bytes each way. */
        BYTES(Scope.API, "bytes", "ws_gateway_bytes", "Payload bytes relayed, by direction", 1, "direction"),
        /** Histograms: message sizes each way, in bytes. */
        MESSAGE_SIZE(Scope.API, "message-size", "ws_gateway_message_size_bytes", "Sizes of relayed messages", 1,
                "direction"),
        /** Counter: closes by who started them and the code, e.g. {@code closes.client.1000}. */
        CLOSES(Scope.API, "closes", "ws_gateway_closes", "Sessions ended, by who closed first and the close code", 1,
                "side", "code"),
        /** Counter: handshakes a policy refused, by policy ({@code rejected.key-auth}, {@code rejected.origin}). */
        REJECTED(Scope.API, "rejected", "ws_gateway_rejected", "Handshakes refused by a policy, by policy", 1,
                "policy"),
        /** Counter: times a sender was paused by its business plan (shaping, i.e. throttled). */
        SHAPED(Scope.API, "shaped", "ws_gateway_shaped", "Times a sender was paused by its business plan", 1),
        /** Counter: connections a policy closed on a message (size, schema, plan). */
        POLICY_CLOSED(Scope.API, "policy-closed", "ws_gateway_policy_closed",
                "Sessions a policy closed on a message", 1),
        /** Counter: backend connections lost or broken (not closed cleanly). */
        BACKEND_ERRORS(Scope.API, "backend-errors", "ws_gateway_backend_errors",
                "Backend connections lost or broken", 1),

        /** Meter: handshakes of an application's callers, by status (known once a key or token names it). */
        APPLICATION_HANDSHAKES(Scope.APPLICATION, "handshakes", "ws_gateway_application_handshakes",
                "WebSocket handshakes of an application's callers, by HTTP status", 1, "status"),
        /** Counter: an application's sessions open now. */
        APPLICATION_SESSIONS_ACTIVE(Scope.APPLICATION, "sessions.active", "ws_gateway_application_sessions_active",
                "Sessions of an application open now", 1),
        /** Meters: an application's messages each way. */
        APPLICATION_MESSAGES(Scope.APPLICATION, "messages", "ws_gateway_application_messages",
                "Messages of an application's sessions, by direction", 1, "direction"),
        /** Meters: an application's payload bytes each way. */
        APPLICATION_BYTES(Scope.APPLICATION, "bytes", "ws_gateway_application_bytes",
                "Payload bytes of an application's sessions, by direction", 1, "direction"),
        /** Counter: times an application's sender was paused by its plan. */
        APPLICATION_SHAPED(Scope.APPLICATION, "shaped", "ws_gateway_application_shaped",
                "Times an application's sender was paused by its business plan", 1),
        /** Counter: an application's sessions a policy closed on a message. */
        APPLICATION_POLICY_CLOSED(Scope.APPLICATION, "policy-closed", "ws_gateway_application_policy_closed",
                "Sessions of an application a policy closed on a message", 1),

        /** Counter used as a level: 1 while the gateway's Redis answers, 0 while it does not (only with redis). */
        REDIS_UP(Scope.GATEWAY, "redis.up", "ws_gateway_redis_up",
                "Whether the gateway's Redis (its cluster-wide limits) answers: 1 yes, 0 no", 1),
        /** Counter: times the gateway's Redis became unreachable. */
        REDIS_OUTAGES(Scope.GATEWAY, "redis.outages", "ws_gateway_redis_outages",
                "Times the gateway's Redis became unreachable (limits then counted per node)", 1);

        private final Scope scope;
        private final String part;
        private final String prometheus;
        private final String help;
        private final double scale;
        private final List<String> labels;

        Family(Scope scope, String part, String prometheus, String help, double scale, String... labels) {
            this.scope = scope;
            this.part = part;
            this.prometheus = prometheus;
            this.help = help;
            this.scale = scale;
            this.labels = List.of(labels);
        }

        public Scope scope() {
            return scope;
        }

        /** The Dropwizard name part, e.g. {@code messages}. */
        public String part() {
            return part;
        }

        /** The Prometheus family name, without the {@code _total} of counters. */
        public String prometheus() {
            return prometheus;
        }

        public String help() {
            return help;
        }

        /** Multiplies a recorded value into the exported unit (seconds, bytes). */
        public double scale() {
            return scale;
        }

        /** Whether the family is a level (sessions open now) rather than a count that only grows. */
        public boolean gauge() {
            return this == SESSIONS_ACTIVE || this == APPLICATION_SESSIONS_ACTIVE || this == REDIS_UP;
        }

        /** The labels the name's extra parts become, in order. */
        public List<String> labels() {
            return labels;
        }
    }

    private static final Map<String, MetricId> INDEX = new ConcurrentHashMap<>();

    private MetricNames() {
    }

    /**
     * The full name of a metric of an API version, e.g. {@code ws-gateway.api.EchoWebSocket.1.0.messages.inbound},
     * indexed with its labels.
     */
    public static String of(String api, String version, Family family, String... values) {
        return named(family, REGISTRY + ".api." + api + "." + version, new String[] {"api", api, "version", version},
                values);
    }

    /** The full name of a metric of an application, e.g. {@code ws-gateway.application.Ticker.messages.inbound}. */
    public static String ofApplication(String application, Family family, String... values) {
        return named(family, REGISTRY + ".application." + application, new String[] {"application", application},
                values);
    }

    /** The full name of a metric of a gateway (a valve), e.g. {@code ws-gateway.gateway.default.redis.up}. */
    public static String ofGateway(String gateway, Family family, String... values) {
        return named(family, REGISTRY + ".gateway." + gateway, new String[] {"gateway", gateway}, values);
    }

    /** @param owner label names and values, alternating */
    private static String named(Family family, String prefix, String[] owner, String... values) {
        if (values.length != family.labels.size()) {
            throw new IllegalArgumentException(family + " takes " + family.labels + ", not " + List.of(values));
        }
        String name = MetricRegistry.name(prefix, family.part);
        name = values.length == 0 ? name : MetricRegistry.name(name, values);
        INDEX.computeIfAbsent(name, n -> {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < owner.length; i += 2) {
                labels.put(owner[i], owner[i + 1]);
            }
            for (int i = 0; i < values.length; i++) {
                labels.put(family.labels.get(i), values[i]);
            }
            return new MetricId(family, Collections.unmodifiableMap(labels));
        });
        return name;
    }

    /** What a registered name measures, or {@code null} for a name the gateway did not make. */
    public static MetricId describe(String name) {
        return INDEX.get(name);
    }
}
