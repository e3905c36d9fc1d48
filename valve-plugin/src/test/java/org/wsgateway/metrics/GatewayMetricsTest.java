package org.wsgateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.Identity;

class GatewayMetricsTest {

    private static final MetricRegistry REGISTRY = GatewayMetrics.registry();

    private static Api api(String name) {
        return new Api(name, "/" + name.toLowerCase(), "1.0", EndpointSettings.of(URI.create("ws://127.0.0.1:1/")));
    }

    private static long count(String name) {
        return ((com.codahale.metrics.Counting) REGISTRY.getMetrics().get(name)).getCount();
    }

    @Test
    void countsPerApiAndPerApplicationAndKeepsTheSessionsOwnTotals() {
        GatewayMetrics metrics = new GatewayMetrics(true);
        Api api = api("Counted" + System.nanoTime());
        Identity who = new Identity("app-1", "App" + System.nanoTime(), "dev", "sub-1", "key-1", null);
        metrics.handshake(api, who, 101, 1_000_000);
        metrics.handshake(api, null, 401, 500_000);
        metrics.rejected(api, "key-auth");
        SessionMetrics session = metrics.session(api, who);
        session.opened();
        session.piece(Direction.INBOUND, 6);
        session.piece(Direction.INBOUND, 4);
        session.message(Direction.INBOUND, 10);
        session.piece(Direction.OUTBOUND, 10);
        session.message(Direction.OUTBOUND, 10);
        session.flush(Direction.INBOUND);
        session.flush(Direction.OUTBOUND);
        session.shaped();
        session.closed("client", 1000);
        metrics.session(api, null).closed("backend", 4321);
        metrics.session(api, null).closed("backend", 4999);
        metrics.session(api, null).closed("client", 3001);

        String p = "ws-gateway.api." + api.name() + ".1.0.";
        String a = "ws-gateway.application." + who.applicationName() + ".";
        assertEquals(1, count(p + "handshakes.101"));
        assertEquals(1, count(p + "handshakes.401"));
        assertEquals(1, count(p + "rejected.key-auth"));
        assertEquals(1, count(p + "sessions.active"));
        assertEquals(1, count(p + "messages.inbound"));
        assertEquals(10, count(p + "bytes.inbound"));
        assertEquals(1, count(p + "closes.client.1000"));
        assertEquals(2, count(p + "closes.backend.4xxx"), "application codes are bucketed: names stay bounded");
        assertEquals(1, count(p + "closes.client.3xxx"));
        assertEquals(1, count(a + "handshakes.101"));
        assertFalse(REGISTRY.getMetrics().containsKey(a + "handshakes.401"), "an anonymous refusal has no app");
        assertEquals(1, count(a + "sessions.active"));
        assertEquals(10, count(a + "bytes.outbound"));
        assertEquals(1, count(a + "shaped"));
        assertEquals(1, session.messagesIn());
        assertEquals(10, session.bytesIn());
        assertEquals(1, session.messagesOut());
        session.ended(20);
        assertEquals(0, count(p + "sessions.active"));
        assertEquals(0, count(a + "sessions.active"));

        ApiMetrics.Totals totals = GatewayMetrics.find(api.name(), "1.0").orElseThrow().totals();
        assertEquals(Map.of("101", 1L, "401", 1L), totals.handshakes());
        assertEquals(1, totals.messagesInbound());
        assertEquals(10, totals.bytesOutbound());
        assertEquals(1, totals.shaped());
    }

    @Test
    void recordsNothingWhenOffButSessionsStillCountForTheAccessLog() {
        GatewayMetrics metrics = new GatewayMetrics(false);
        Api api = api("Quiet" + System.nanoTime());
        int before = REGISTRY.getMetrics().size();
        metrics.handshake(api, null, 101, 1);
        SessionMetrics session = metrics.session(api, null);
        session.opened();
        session.piece(Direction.OUTBOUND, 3);
        session.message(Direction.OUTBOUND, 3);
        session.ended(1);
        assertEquals(before, REGISTRY.getMetrics().size());
        assertTrue(GatewayMetrics.find(api.name(), "1.0").isEmpty());
        assertEquals(1, session.messagesOut());
        assertEquals(3, session.bytesOut());
    }

    @Test
    void samplesIntoTheApisHistory() {
        GatewayMetrics metrics = new GatewayMetrics(true);
        Api api = api("Sampled" + System.nanoTime());
        metrics.handshake(api, null, 502, 1);
        ApiMetrics m = GatewayMetrics.find(api.name(), "1.0").orElseThrow();
        long t = System.currentTimeMillis() + 1_000;
        m.sample(t);
        SessionMetrics session = metrics.session(api, null);
        session.opened();
        for (int i = 0; i < 4; i++) {
            session.message(Direction.INBOUND, 1);
        }
        session.flush(Direction.INBOUND);
        session.backendError();
        m.sample(t + 2_000);
        List<History.Sample> samples = m.history().since(0);
        assertEquals(1, samples.get(0).errors(), "the 502, counted in the first step");
        History.Sample s = samples.get(1);
        assertEquals(1, s.connections());
        assertEquals(2.0, s.messagesInPerSecond());
        assertEquals(1, s.errors(), "the backend error of this step");
    }
}
