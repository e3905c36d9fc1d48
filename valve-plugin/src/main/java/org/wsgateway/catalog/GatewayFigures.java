package org.wsgateway.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.codahale.metrics.MetricRegistry;
import org.wsgateway.api.Api;
import org.wsgateway.metrics.ApiMetrics;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.metrics.History;

/**
 * The gateway's live figures as the admin webapp reads them, in neutral values: per API, its totals since Tomcat
 * started and its recent history (one {@link Step} per sampling step, an hour at most), and every metric family for
 * an exposition format. Read from the one registry every valve records into ({@code SharedMetricRegistries}
 * {@code "ws-gateway"}); get it from {@link Gateways#figures()}. An API not used since Tomcat started has
 * {@link Totals#NONE} and no steps.
 */
public final class GatewayFigures {

    private final MetricRegistry registry;

    /** @param registry the registry {@link #families()} reads */
    GatewayFigures(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The time between two steps of a history, in seconds (default {@value GatewayMetrics#DEFAULT_SAMPLE_SECONDS}). */
    public int stepSeconds() {
        return GatewayMetrics.stepSeconds();
    }

    /** The figures of {@code api} since Tomcat started; {@link Totals#NONE} if it has not been used. */
    public Totals totals(Api api) {
        return GatewayMetrics.find(api.name(), api.version()).map(m -> Totals.of(m.totals())).orElse(Totals.NONE);
    }

    /** The steps of {@code api} that ended after {@code since}, oldest first; empty if it has not been used. */
    public List<Step> history(Api api, Instant since) {
        ApiMetrics metrics = GatewayMetrics.find(api.name(), api.version()).orElse(null);
        if (metrics == null) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (History.Sample s : metrics.history().since(since.toEpochMilli())) {
            steps.add(new Step(Instant.ofEpochMilli(s.time()), s.connections(), s.messagesInPerSecond(),
                    s.messagesOutPerSecond(), s.bytesInPerSecond(), s.bytesOutPerSecond(), s.errors()));
        }
        return steps;
    }

    /**
     * Every metric family the gateway has recorded so far, with its labels, values in the exported unit (timers and
     * session lengths in seconds), in a fixed order. Metrics that other code put in the registry are left out.
     */
    public List<MetricFamily> families() {
        return RegistryFamilies.of(registry);
    }

    /**
     * An API's figures since Tomcat started.
     *
     * @param sessionsActive   sessions open now
     * @param handshakes       handshakes answered, by status ({@code "101"}, {@code "401"}...), in status order
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

        public Totals {
            handshakes = Collections.unmodifiableMap(new TreeMap<>(handshakes));
        }

        static Totals of(ApiMetrics.Totals t) {
            return new Totals(t.sessionsActive(), t.handshakes(), t.messagesInbound(), t.messagesOutbound(),
                    t.bytesInbound(), t.bytesOutbound(), t.backendErrors(), t.policyClosed(), t.shaped());
        }
    }

    /**
     * One sampling step of an API's life.
     *
     * @param time                 when the step ended
     * @param connections          sessions open at that moment
     * @param messagesInPerSecond  messages from clients per second over the step
     * @param messagesOutPerSecond messages to clients per second over the step
     * @param bytesInPerSecond     payload bytes from clients per second over the step
     * @param bytesOutPerSecond    payload bytes to clients per second over the step
     * @param errors               refused handshakes, backend errors and policy closes during the step
     */
    public record Step(Instant time, long connections, double messagesInPerSecond, double messagesOutPerSecond,
            double bytesInPerSecond, double bytesOutPerSecond, long errors) {
    }
}
