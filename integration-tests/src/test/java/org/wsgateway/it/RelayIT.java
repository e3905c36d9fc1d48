package org.wsgateway.it;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterBackend;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames, closes and handshake details relayed faithfully, with the JDK client against embedded Tomcat. */
class RelayIT extends GatewayTestBase {

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(
                api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")
                + api("Control", "/control", "v1", backend.url("/control"), "")
                + api("ControlWithBase", "/based", "2", backend.url("/control/base?fixed=1"), "")));
    }

    @Test
    void echoesTextAndBinaryInOrder() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        byte[] binary = new byte[1000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = TesterBackend.pattern(i);
        }
        for (int i = 0; i < 50; i++) {
            client.send("message " + i + " ünïcödé ✓");
            client.sendBinary(binary);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("message " + i + " ünïcödé ✓", client.nextText());
            assertArrayEquals(binary, (byte[]) client.next());
        }
        client.close(1000, "done");
        assertEquals(1000, client.awaitClose(5).code());
    }

    @Test
    void relaysEmptyMessages() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        client.send("");
        assertEquals("", client.nextText());
        client.sendBinary(new byte[0]);
        assertEquals(0, ((byte[]) client.next()).length);
        client.close(1000, "");
    }

    @Test
    void streamsA16MiBClientMessageToTheBackend() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        int size = 16 << 20;
        int chunk = 256 * 1024;
        for (int offset = 0; offset < size; offset += chunk) {
            byte[] part = new byte[chunk];
            for (int i = 0; i < chunk; i++) {
                part[i] = TesterBackend.pattern(offset + i);
            }
            client.socket().sendBinary(java.nio.ByteBuffer.wrap(part), offset + chunk == size).get();
        }
        await("16 MiB at the backend", 30, () -> backendSide.bytesReceived() == size);
        assertEquals(1, backendSide.messagesReceived());
        assertEquals(0, backendSide.patternErrors());
        client.close(1000, "");
    }

    @Test
    void streamsA16MiBSingleFrameFromTheBackend() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        client.send("big " + (16 << 20));
        Object message = client.next();
        assertEquals(Long.valueOf(16 << 20), message);
        assertEquals(0, client.patternErrors.get());
        client.close(1000, "");
    }

    @Test
    void relaysFragmentedBackendMessagesAsOneMessage() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        client.send("fragments 5");
        assertEquals("part0part1part2part3part4", client.nextText());
        client.close(1000, "");
    }

    @Test
    void forwardsPathSuffixQueryAndForwardedHeaders() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/based/2/rooms/a%20b?token=abc&x=1"));
        client.send("headers");
        String[] lines = client.nextText().split("\n");
        assertEquals("/control/base/rooms/a%20b?fixed=1&token=abc&x=1", lines[0]);
        String headers = String.join("\n", Arrays.copyOfRange(lines, 1, lines.length));
        assertTrue(headers.contains("x-forwarded-for: 127.0.0.1"), headers);
        assertTrue(headers.contains("x-forwarded-proto: http"), headers);
        assertTrue(headers.contains("x-forwarded-host: 127.0.0.1:" + port()), headers);
        assertTrue(headers.contains("host: 127.0.0.1:" + backend.port()), headers);
        client.close(1000, "");
    }

    @Test
    void forwardsTheClientsSubprotocolOfferAndReturnsTheBackendsChoice() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"), "chat.v2", "chat.v1");
        assertEquals("chat.v2", client.socket().getSubprotocol());
        TesterConnection backendSide = backend.nextConnection();
        assertEquals("chat.v2, chat.v1", backendSide.headers().get("sec-websocket-protocol"));
        client.close(1000, "");
    }

    @Test
    void acceptsABackendThatChoosesNoSubprotocol() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1?subprotocol=none"), "chat.v1");
        assertEquals("", client.socket().getSubprotocol());
        client.close(1000, "");
    }

    @Test
    void passesClientCloseCodesToTheBackendExactly() throws Exception {
        for (int code : new int[] {1000, 1001, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4000, 4999}) {
            try (TesterNettyClient client = TesterNettyClient.connect(gateway("/control/v1"))) {
                TesterConnection backendSide = backend.nextConnection();
                client.close(code, "reason " + code);
                assertEquals(new TesterConnection.Close(code, "reason " + code), backendSide.awaitClose(5),
                        "code " + code);
                assertEquals(code, client.awaitClose(5).code(), "the client's close is answered with its code");
            }
        }
    }

    @Test
    void sendsOnlyLegalCodesWhenTheClientSendsAnIllegalOne() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/control/v1"))) {
            TesterConnection backendSide = backend.nextConnection();
            client.close(1005, "not allowed on the wire");
            assertEquals(1002, client.awaitClose(5).code());
            assertEquals(1002, backendSide.awaitClose(5).code());
        }
    }

    @Test
    void relaysClientFragmentsAsOneMessage() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/echowebsocket/1.0"))) {
            client.send(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("one ", StandardCharsets.UTF_8)));
            client.send(new PingWebSocketFrame(Unpooled.copiedBuffer("p", StandardCharsets.UTF_8)));
            client.send(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("two ", StandardCharsets.UTF_8)));
            client.send(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("three", StandardCharsets.UTF_8)));
            StringBuilder text = new StringBuilder();
            TesterNettyClient.Frame frame;
            do {
                frame = client.nextFrame();
                if (!frame.kind().equals("pong")) {
                    text.append(frame.text());
                }
            } while (!frame.fin() || frame.kind().equals("pong"));
            assertEquals("one two three", text.toString());
            client.close(1000, "");
            client.awaitClose(5);
        }
    }

    @Test
    void passesBackendCloseCodesToTheClientExactly() throws Exception {
        for (int code : new int[] {1000, 1001, 1003, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 3000, 4999}) {
            TesterClient client = TesterClient.connect(gateway("/control/v1"));
            client.send("close " + code + " reason " + code);
            assertEquals(new TesterClient.Close(code, "reason " + code), client.awaitClose(5), "code " + code);
        }
    }

    @Test
    void passesABackendCloseWithoutCodeOnWithoutCode() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/control/v1"))) {
            client.sendText("closeempty");
            assertEquals(1005, client.awaitClose(5).code());
        }
    }

    @Test
    void passesAClientCloseWithoutCodeOnWithoutCode() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/control/v1"))) {
            TesterConnection backendSide = backend.nextConnection();
            client.send(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame());
            assertEquals(1005, backendSide.awaitClose(5).code());
            assertEquals(1005, client.awaitClose(5).code(), "the backend's empty answer comes back empty");
        }
    }

    @Test
    void deliversDataSentBeforeTheBackendsClose() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        client.send("flood 20 1000");
        client.send("close 4001 after flood");
        for (int i = 0; i < 20; i++) {
            assertEquals(1000, ((byte[]) client.next()).length);
        }
        assertEquals(new TesterClient.Close(4001, "after flood"), client.awaitClose(5));
    }

    @Test
    void closesTheClientWith1014WithinASecondWhenTheBackendDies() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        long start = System.nanoTime();
        client.send("kill");
        TesterClient.Close close = client.awaitClose(5);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1014, close.code());
        assertTrue(millis < 1000, "took " + millis + " ms");
    }

    @Test
    void closesTheBackendWithinASecondWhenTheClientVanishes() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        long start = System.nanoTime();
        client.socket().abort();
        assertTrue(backendSide.awaitClosed(1), "backend connection still open after 1 s");
        assertEquals(1001, backendSide.awaitClose(1).code());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
    }

    @Test
    void failsTheClientWith1014WhenTheBackendBreaksTheProtocol() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("garbage");
        assertEquals(1014, client.awaitClose(5).code());
        assertEquals(1002, backendSide.awaitClose(5).code());
    }

    @Test
    void failsTheClientWith1014WhenTheBackendSendsAnIllegalCloseCode() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        client.send("badclose");
        assertEquals(1014, client.awaitClose(5).code());
    }

    @Test
    void answersPingsOnEachLegItself() throws Exception {
        try (TesterNettyClient client = TesterNettyClient.connect(gateway("/control/v1"))) {
            TesterConnection backendSide = backend.nextConnection();
            client.sendText("ping");
            await("the gateway's pong at the backend", 5, () -> backendSide.pongsReceived() == 1);
            client.send(new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.UTF_8)));
            TesterNettyClient.Frame pong = client.nextFrame();
            assertEquals("pong", pong.kind());
            assertEquals("are you there", pong.text());
            assertEquals(0, backendSide.pingsReceived(), "pings are answered per leg, not relayed");
            client.close(1000, "");
            client.awaitClose(5);
        }
    }

    @Test
    void doesNotForwardHopByHopHeaders() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/control/v1", RawHttp.upgrade(
                "Connection: Upgrade, X-Hop", "X-Hop: secret", "Keep-Alive: timeout=5", "X-Custom: kept",
                "Origin: http://127.0.0.1:" + port()));
        assertEquals(101, response.status());
        TesterConnection backendSide = backend.nextConnection();
        java.util.Map<String, String> headers = backendSide.headers();
        assertEquals("kept", headers.get("x-custom"));
        assertEquals("http://127.0.0.1:" + port(), headers.get("origin"), "an allowed Origin is passed on");
        assertFalse(headers.containsKey("x-hop"), headers.toString());
        assertFalse(headers.containsKey("keep-alive"), headers.toString());
        assertFalse("dGhlIHNhbXBsZSBub25jZQ==".equals(headers.get("sec-websocket-key")),
                "the backend leg has its own key");
        assertEquals("Upgrade", headers.get("connection"));
    }

    @Test
    void passesACloseReasonOfTheLargestLegalSizeOn() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/control/v1"));
        TesterConnection backendSide = backend.nextConnection();
        String reason = "é".repeat(61);
        client.close(4000, reason);
        assertEquals(reason, backendSide.awaitClose(5).reason());
        assertEquals(122, reason.getBytes(StandardCharsets.UTF_8).length);
    }
}
