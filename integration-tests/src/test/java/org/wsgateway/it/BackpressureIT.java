package org.wsgateway.it;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slow reader on either side slows the writer on the other side: the gateway stops reading instead of queueing.
 * The bound checked is what the writer managed to hand to its socket while the reader read nothing: with
 * backpressure, only the socket buffers on the way and the gateway's small queues (well under 32 MiB); without it,
 * the whole flood.
 */
class BackpressureIT extends GatewayTestBase {

    private static final long FLOOD = 128L << 20;
    private static final long BOUND = 32L << 20;

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(api("Control", "/control", "v1", backend.url("/control"), "")
                + api("Paused", "/paused", "v1", backend.url("/pause"), "")));
    }

    @Test
    void aSlowClientSlowsTheBackendAndMemoryStaysBounded() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/control/v1"), null, false, true, false)) {
            TesterConnection backendSide = backend.nextConnection();
            client.autoRead(false);
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            client.sendText("flood " + (FLOOD / 65536) + " 65536");
            long stalled = Await.plateau(backendSide::bytesWritten);
            System.out.println("backend stalled after " + stalled + " bytes");
            System.gc();
            long heapGrowth = rt.totalMemory() - rt.freeMemory() - heapBefore;
            assertTrue(stalled < BOUND, "the backend wrote " + stalled + " bytes to a client that read nothing");
            assertTrue(heapGrowth < BOUND, "heap grew by " + heapGrowth + " bytes");

            client.autoRead(true);
            await("the whole flood at the client", 60, () -> client.bytesReceived() == FLOOD);
            assertEquals(FLOOD, backendSide.bytesWritten());
            client.close(1000, "");
        }
    }

    @Test
    void aSlowBackendSlowsTheClient() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/paused/v1"), null, false, true, false)) {
            TesterConnection backendSide = backend.nextConnection();
            AtomicLong sent = new AtomicLong();
            byte[] chunk = new byte[65536];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = TesterBackend.pattern(i);
            }
            Thread writer = new Thread(() -> {
                for (long i = 0; i < FLOOD / chunk.length; i++) {
                    client.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(chunk)));
                    sent.addAndGet(chunk.length);
                }
            }, "flooding-client");
            writer.setDaemon(true);
            writer.start();
            long stalled = Await.plateau(sent::get);
            System.out.println("client stalled after " + stalled + " bytes");
            assertTrue(stalled < BOUND, "the client wrote " + stalled + " bytes to a backend that read nothing");
            assertEquals(0, backendSide.bytesReceived());

            backendSide.resumeReading();
            // (The tester counts a message's bytes before the message itself: wait for both.)
            await("the whole flood at the backend", 60, () -> backendSide.bytesReceived() == FLOOD
                    && backendSide.messagesReceived() == FLOOD / chunk.length);
            writer.join(10_000);
            assertEquals(FLOOD / chunk.length, backendSide.messagesReceived());
            assertEquals(0, backendSide.patternErrors());
            client.close(1000, "");
            client.awaitClose(5);
        }
    }

}
