package org.wsgateway.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** permessage-deflate chosen per API on each leg. */
class CompressionIT extends GatewayTestBase {

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(
                api("Default", "/default", "1", backend.url("/echo"), "")
                + api("NoClient", "/noclient", "1", backend.url("/echo"), "clientCompression=\"false\"")
                + api("Both", "/both", "1", backend.url("/echo"), "backendCompression=\"true\"")
                + api("BothControl", "/bothcontrol", "1", backend.url("/control"), "backendCompression=\"true\"")));
    }

    @Test
    void negotiatesDeflateWithClientsByDefault() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/default/1"), null, true, true, true)) {
            String extensions = client.handshakeResponse().headers().get("Sec-WebSocket-Extensions");
            assertTrue(extensions != null && extensions.startsWith("permessage-deflate"), extensions);
            assertEchoes(client);
            TesterConnection backendSide = backend.nextConnection();
            assertNull(backendSide.headers().get("sec-websocket-extensions"), "backend leg is uncompressed");
        }
    }

    @Test
    void offersNoDeflateToClientsWhenTheApiSaysNo() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/noclient/1"), null, true, true, true)) {
            assertNull(client.handshakeResponse().headers().get("Sec-WebSocket-Extensions"));
            assertEchoes(client);
        }
    }

    @Test
    void compressesTheBackendLegWhenTheApiSaysSo() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/both/1"));
        TesterConnection backendSide = backend.nextConnection();
        assertEquals("permessage-deflate", backendSide.headers().get("sec-websocket-extensions"));
        String big = "compressible text ".repeat(60_000);
        for (String message : new String[] {"a", "", big, "b", big}) {
            client.send(message);
            assertEquals(message, client.nextText());
        }
        client.close(1000, "");
    }

    @Test
    void relaysUncompressedMessagesOnACompressedBackendLeg() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/bothcontrol/1"));
        client.send("bigtext 100000");
        assertEquals("a".repeat(100000), client.nextText());
        client.close(1000, "");
    }

    private static void assertEchoes(TesterNettyClient client) throws Exception {
        String big = "x".repeat(200_000);
        client.sendText(big);
        StringBuilder received = new StringBuilder();
        TesterNettyClient.Frame frame;
        do {
            frame = client.nextFrame();
            received.append(frame.text());
        } while (!frame.fin());
        assertEquals(big, received.toString());
        client.close(1000, "");
        client.awaitClose(5);
    }
}
