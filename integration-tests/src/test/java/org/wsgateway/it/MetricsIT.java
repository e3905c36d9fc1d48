package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.it.support.TesterConnection;

/** Real traffic, exact counts: the per-API metrics in the shared registry and over JMX. */
class MetricsIT extends GatewayTestBase {

    private static final String P = "ws-gateway.api.Counted.1.";

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(api("Counted", "/counted", "1", backend.url("/echo"), "")));
    }

    private static MetricRegistry registry() {
        return GatewayMetrics.registry();
    }

    /** A metric's count now (meters, counters, timers, histograms alike). */
    private static long count(String name) {
        com.codahale.metrics.Metric m = registry().getMetrics().get(P + name);
        return m == null ? 0 : ((com.codahale.metrics.Counting) m).getCount();
    }

    @Test
    void countsHandshakesMessagesBytesSizesClosesAndSessions() throws Exception {
        String[] names = {"handshakes.101", "handshakes.426", "handshake-time", "backend-connect-time",
            "messages.inbound", "messages.outbound", "bytes.inbound", "bytes.outbound", "closes.client.1000",
            "session-duration-ms"};
        java.util.Map<String, Long> before = new java.util.HashMap<>();
        for (String name : names) {
            before.put(name, count(name));
        }
        assertEquals(426, http.send(java.net.http.HttpRequest.newBuilder(httpUrl("/counted/1")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
        TesterClient client = TesterClient.connect(gateway("/counted/1"));
        TesterConnection backendSide = backend.nextConnection();
        // Tomcat opens the client leg just after the 101 is sent: the client may hear first.
        await("the session to be counted", 5, () -> count("sessions.active") == 1);
        for (int i = 0; i < 3; i++) {
            client.send("0123456789");
            assertEquals("0123456789", client.nextText());
        }
        client.sendBinary(new byte[1000]);
        client.next();
        client.close(1000, "done");
        client.awaitClose(5);
        backendSide.awaitClose(5);
        await("the session to end", 5, () -> registry().counter(P + "sessions.active").getCount() == 0);

        long[] expected = {1, 1, 2, 1, 4, 4, 1030, 1030, 1, 1};
        for (int i = 0; i < names.length; i++) {
            assertEquals(expected[i], count(names[i]) - before.get(names[i]), names[i]);
        }
        assertEquals(1000, registry().histogram(P + "message-size.inbound").getSnapshot().getMax());
    }

    @Test
    void publishesTheMetricsOverJmx() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/counted/1"));
        client.send("x");
        client.nextText();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("ws-gateway:name=" + P + "messages.inbound,*"),
                null);
        assertEquals(1, names.size(), names.toString());
        long count = (Long) server.getAttribute(names.iterator().next(), "Count");
        assertEquals(registry().meter(P + "messages.inbound").getCount(), count);
        assertTrue(count >= 1);
        Set<ObjectName> active = server.queryNames(new ObjectName("ws-gateway:name=" + P + "sessions.active,*"),
                null);
        assertEquals(1L, server.getAttribute(active.iterator().next(), "Count"));
        client.close(1000, "");
    }
}
