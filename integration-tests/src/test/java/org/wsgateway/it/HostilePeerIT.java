package org.wsgateway.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.codahale.metrics.Counting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;
import org.wsgateway.metrics.GatewayMetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that attack the gateway's memory, on both legs: decompression bombs (a compressed frame of zeros inflating a
 * thousandfold) and ping floods. Each must end with the documented close code while the heap stays bounded. In the
 * full build this class runs in a JVM of its own with {@code -Xmx256m} (failsafe execution {@code hostile-peers}), so
 * an unbounded gateway fails by running out of memory as well as by its heap growth.
 */
class HostilePeerIT extends GatewayTestBase {

    private static final int CONNECTIONS = 200;
    /** 64 MiB of zeros, about 64 KiB on the wire: a client's compressed binary frame. */
    private static final byte[] BOMB = HostileClient.frame(0xc2, TesterConnection.deflatedZeros(64 << 20));
    private static final long HEAP_BOUND = 64L << 20;

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(api("Small", "/small", "1", backend.url("/control"), "maxMessageSize=\"1MiB\"")
                + api("Default", "/default", "1", backend.url("/control"), "")
                + api("Slow", "/slow", "1", backend.url("/pause"), "")
                + api("Deflating", "/deflating", "1", backend.url("/control"), "backendCompression=\"true\"")));
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long count(String metric) {
        Counting m = (Counting) GatewayMetrics.registry().getMetrics().get("ws-gateway.api." + metric);
        return m == null ? 0 : m.getCount();
    }

    /** Opens {@value #CONNECTIONS} connections to {@code path} and sends a bomb on each. */
    private static List<HostileClient> bombs(String path, List<HostileClient> clients) throws IOException {
        for (int i = 0; i < CONNECTIONS; i++) {
            HostileClient client = HostileClient.connect(port(), path);
            clients.add(client);
            client.send(BOMB);
        }
        return clients;
    }

    private static void closeAll(List<HostileClient> clients) throws IOException {
        for (HostileClient client : clients) {
            client.close();
        }
    }

    @Test
    void closesDeflateBombsWith1009OnEveryConnection() throws Exception {
        List<HostileClient> clients = new ArrayList<>();
        try {
            bombs("/small/1", clients);
            for (int i = 0; i < CONNECTIONS; i++) {
                assertEquals(1009, clients.get(i).awaitCloseCode(), "close code of bombing connection " + i);
            }
        } finally {
            closeAll(clients);
        }
    }

    @Test
    void closesADeflateBombWith1009UnderTheDefaultLimit() throws Exception {
        try (HostileClient client = HostileClient.connect(port(), "/default/1")) {
            client.send(BOMB);
            assertEquals(1009, client.awaitCloseCode(), "16 MiB unless the API says otherwise");
        }
    }

    @Test
    void inflatesBombsOnlyAsFastAsASlowBackendTakesThemWithinABoundedHeap() throws Exception {
        long heapBefore = heapAfterGc();
        long inflatedBefore = count("Slow.1.bytes.inbound");
        List<HostileClient> clients = new ArrayList<>();
        try {
            bombs("/slow/1", clients);
            long inflated = Await.plateau(() -> count("Slow.1.bytes.inbound") - inflatedBefore);
            long heapGrowth = heapAfterGc() - heapBefore;
            System.out.println(CONNECTIONS + " bombs waiting: " + inflated + " bytes inflated, heap grew by "
                    + heapGrowth + " bytes");
            // (What crossed sits in the sockets' buffers, outside the heap: a few MiB a connection at most, where one
            // read of a bomb inflated at once would be 32 MiB.)
            assertTrue(inflated < CONNECTIONS * (16L << 20), inflated + " bytes inflated, backend reading nothing");
            assertTrue(heapGrowth < HEAP_BOUND, "heap grew by " + heapGrowth + " bytes");
        } finally {
            closeAll(clients);
            // (A client leg waiting for a backend that reads nothing is not read, so it cannot see its client leave.)
            backend.connections().forEach(TesterConnection::drop);
        }
    }

    @Test
    void closesAClientThatFloodsPingsWithoutReadingWith1008() throws Exception {
        long budget = 32L << 20;
        AtomicLong written = new AtomicLong();
        try (HostileClient client = HostileClient.connect(port(), "/default/1")) {
            byte[] pings = TesterConnection.pings(10_000, HostileClient.MASK);
            Thread flooder = new Thread(() -> {
                try {
                    while (written.get() < budget) {
                        client.send(pings);
                        written.addAndGet(pings.length);
                    }
                } catch (IOException e) {
                    // The gateway closed the connection.
                }
            }, "ping-flooder");
            flooder.setDaemon(true);
            flooder.start();
            long stalled = Await.plateau(written::get);
            assertTrue(stalled < 8L << 20, "the gateway read " + stalled + " bytes of pings it could not answer");
            assertEquals(1008, client.awaitCloseCode());
        }
    }

    @Test
    void closesABackendThatSendsADeflateBombWith1009AndTheClientWith1001() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/deflating/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("bomb " + (64 << 20));
        assertEquals(1001, client.awaitClose(10).code());
        assertEquals(1009, backendSide.awaitClose(5).code());
    }

    @Test
    void inflatesBackendBombsOnlyAsFastAsAClientThatDoesNotReadTakesThem() throws Exception {
        long heapBefore = heapAfterGc();
        long inflatedBefore = count("Deflating.1.bytes.outbound");
        List<TesterNettyClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                TesterNettyClient client = TesterNettyClient.connect(gateway("/deflating/1"), null, false, false,
                        false);
                clients.add(client);
                client.sendText("bomb " + (16 << 20));
            }
            long inflated = Await.plateau(() -> count("Deflating.1.bytes.outbound") - inflatedBefore);
            long heapGrowth = heapAfterGc() - heapBefore;
            System.out.println("20 backend bombs waiting: " + inflated + " bytes inflated, heap grew by " + heapGrowth
                    + " bytes");
            assertTrue(heapGrowth < HEAP_BOUND, "heap grew by " + heapGrowth + " bytes");
        } finally {
            clients.forEach(TesterNettyClient::close);
        }
    }

    @Test
    void closesABackendThatFloodsPingsWith1008AndTheClientWith1001() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/default/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("pingflood 5000");
        assertEquals(1001, client.awaitClose(10).code());
        assertEquals(1008, backendSide.awaitClose(5).code());
    }
}
