package org.wsgateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.metrics.MetricNames;
import org.wsgateway.metrics.MetricNames.Family;
import org.wsgateway.metrics.SessionMetrics;
import org.wsgateway.policy.Direction;

class GatewayFiguresTest {

    private static Api api(String name) {
        return new Api(name, "/" + name.toLowerCase(), "1.0", EndpointSettings.of(URI.create("ws://127.0.0.1:1/")));
    }

    private static MetricFamily family(List<MetricFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not among " + families));
    }

    private static MetricFamily.Sample sample(MetricFamily family, Map<String, String> labels) {
        return family.samples().stream().filter(s -> s.labels().equals(labels)).findFirst()
                .orElseThrow(() -> new AssertionError(labels + " is not among " + family.samples()));
    }

    private static Map<String, String> labels(String... namesAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return labels;
    }

    private static double quantile(MetricFamily.Sample sample, double rank) {
        return sample.quantiles().stream().filter(q -> q.quantile() == rank).findFirst().orElseThrow().value();
    }

    @Test
    void readsFamiliesWithLabelsUnitsAndTypesFromTheRegistry() {
        MetricRegistry registry = new MetricRegistry();
        registry.meter(MetricNames.of("Echo", "1.0", Family.MESSAGES, "inbound")).mark(3);
        registry.meter(MetricNames.of("Echo", "1.0", Family.MESSAGES, "outbound")).mark(2);
        registry.meter(MetricNames.of("Echo", "1.0", Family.HANDSHAKES, "429")).mark();
        registry.counter(MetricNames.of("Echo", "1.0", Family.SESSIONS_ACTIVE)).inc(4);
        registry.counter(MetricNames.of("Echo", "1.0", Family.CLOSES, "gateway", "1013")).inc();
        registry.timer(MetricNames.of("Echo", "1.0", Family.HANDSHAKE_TIME)).update(250, TimeUnit.MILLISECONDS);
        registry.histogram(MetricNames.of("Echo", "1.0", Family.SESSION_DURATION)).update(1500);
        registry.meter(MetricNames.ofApplication("Ticker", Family.APPLICATION_BYTES, "inbound")).mark(99);

        List<MetricFamily> families = new GatewayFigures(registry).families();

        MetricFamily messages = family(families, "ws_gateway_messages");
        assertEquals(MetricFamily.Type.COUNTER, messages.type());
        assertEquals("Messages relayed, by direction", messages.help());
        MetricFamily.Sample inbound = sample(messages, labels("api", "Echo", "version", "1.0", "direction", "inbound"));
        assertEquals(3.0, inbound.value());
        assertEquals(List.of("api", "version", "direction"), List.copyOf(inbound.labels().keySet()),
                "the owner's labels first, then the family's");
        assertEquals(List.of(), inbound.quantiles());
        assertEquals(2.0, sample(messages, labels("api", "Echo", "version", "1.0", "direction", "outbound")).value());
        assertEquals(1.0, sample(family(families, "ws_gateway_handshakes"),
                labels("api", "Echo", "version", "1.0", "status", "429")).value());
        MetricFamily sessions = family(families, "ws_gateway_sessions_active");
        assertEquals(MetricFamily.Type.GAUGE, sessions.type());
        assertEquals(4.0, sample(sessions, labels("api", "Echo", "version", "1.0")).value());
        assertEquals(1.0, sample(family(families, "ws_gateway_closes"),
                labels("api", "Echo", "version", "1.0", "side", "gateway", "code", "1013")).value());
        MetricFamily handshakeTime = family(families, "ws_gateway_handshake_seconds");
        assertEquals(MetricFamily.Type.SUMMARY, handshakeTime.type());
        MetricFamily.Sample timed = sample(handshakeTime, labels("api", "Echo", "version", "1.0"));
        assertEquals(1.0, timed.value(), "a summary's value is its number of observations");
        assertEquals(0.25, quantile(timed, 0.5), 1e-9, "timers are given in seconds");
        assertEquals(List.of(0.5, 0.75, 0.95, 0.98, 0.99, 0.999),
                timed.quantiles().stream().map(MetricFamily.Quantile::quantile).toList());
        assertEquals(1.5, quantile(sample(family(families, "ws_gateway_session_duration_seconds"),
                labels("api", "Echo", "version", "1.0")), 0.99), 1e-9, "session lengths are given in seconds");
        assertEquals(99.0, sample(family(families, "ws_gateway_application_bytes"),
                labels("application", "Ticker", "direction", "inbound")).value());
    }

    @Test
    void leavesOutNamesTheGatewayDidNotMake() {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("some.other.library.metric").inc();
        registry.meter(MetricNames.of("Echo", "1.0", Family.BYTES, "inbound")).mark(7);

        List<MetricFamily> families = new GatewayFigures(registry).families();

        assertEquals(List.of("ws_gateway_bytes"), families.stream().map(MetricFamily::name).toList());
    }

    @Test
    void ordersFamiliesAsTheMetricNamesDeclareThem() {
        MetricRegistry registry = new MetricRegistry();
        registry.counter(MetricNames.of("Echo", "1.0", Family.BACKEND_ERRORS)).inc();
        registry.meter(MetricNames.of("Echo", "1.0", Family.HANDSHAKES, "101")).mark();

        List<MetricFamily> families = new GatewayFigures(registry).families();

        assertEquals(List.of("ws_gateway_handshakes", "ws_gateway_backend_errors"),
                families.stream().map(MetricFamily::name).toList());
    }

    @Test
    void givesNoFamiliesForAnEmptyRegistry() {
        assertEquals(List.of(), new GatewayFigures(new MetricRegistry()).families());
    }

    @Test
    void refusesAFamilyWithoutSamples() {
        assertThrows(IllegalArgumentException.class,
                () -> new MetricFamily("ws_gateway_x", "x", MetricFamily.Type.COUNTER, List.of()));
    }

    @Test
    void givesTheTotalsTheValveRecordedForAnApi() {
        GatewayMetrics metrics = new GatewayMetrics(true);
        Api api = api("Figured" + System.nanoTime());
        metrics.handshake(api, null, 401, 1);
        metrics.handshake(api, null, 101, 1);
        SessionMetrics session = metrics.session(api, null);
        session.opened();
        session.piece(Direction.INBOUND, 10);
        session.message(Direction.INBOUND, 10);
        session.flush(Direction.INBOUND);
        session.shaped();

        GatewayFigures.Totals totals = Gateways.figures().totals(api);

        assertEquals(new GatewayFigures.Totals(1, Map.of("101", 1L, "401", 1L), 1, 0, 10, 0, 0, 0, 1), totals);
        assertEquals(List.of("101", "401"), List.copyOf(totals.handshakes().keySet()), "in status order");
    }

    @Test
    void givesNoTotalsAndNoStepsForAnApiNotUsedSinceTomcatStarted() {
        Api api = api("Unused" + System.nanoTime());

        assertEquals(GatewayFigures.Totals.NONE, Gateways.figures().totals(api));
        assertEquals(List.of(), Gateways.figures().history(api, Instant.EPOCH));
    }

    @Test
    void givesTheSamplingStepOfTheHistories() {
        assertEquals(GatewayMetrics.stepSeconds(), Gateways.figures().stepSeconds());
    }

    @Test
    void readsTheSharedRegistryOfEveryValve() {
        Api api = api("Shared" + System.nanoTime());
        new GatewayMetrics(true).handshake(api, null, 101, 1);

        assertTrue(Gateways.figures().families().stream().flatMap(f -> f.samples().stream())
                .anyMatch(s -> api.name().equals(s.labels().get("api"))));
    }
}
