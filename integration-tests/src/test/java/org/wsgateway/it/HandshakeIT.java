package org.wsgateway.it;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the gateway answers at the handshake, and what it leaves alone: a ROOT webapp and an {@code /app} webapp with
 * its own WebSocket endpoint run on the same Host.
 */
class HandshakeIT extends GatewayTestBase {

    private static ServerSocket silent;
    private static final List<Socket> backlog = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // A listener that never accepts, with its backlog filled: connecting to it times out (loopback only).
        silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        for (int i = 0; i < 3; i++) {
            Socket s = new Socket();
            try {
                s.connect(silent.getLocalSocketAddress(), 200);
                backlog.add(s);
            } catch (java.io.IOException e) {
                s.close();
            }
        }
        int refusedPort;
        try (ServerSocket closed = new ServerSocket(0)) {
            refusedPort = closed.getLocalPort();
        }
        startTomcat(config(
                api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")
                + api("Refused", "/refused", "1", java.net.URI.create("ws://127.0.0.1:" + refusedPort + "/"), "")
                + api("Hanging", "/hanging", "1", backend.url("/hang"), "handshakeTimeout=\"500ms\"")
                + api("Unreachable", "/unreachable", "1",
                        java.net.URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"),
                        "connectTimeout=\"500ms\"")
                + api("Denied", "/denied", "1", backend.url("/reject/401"), "")
                + api("Forbidden", "/forbidden", "1", backend.url("/reject/403"), "")
                + api("Missing", "/missing", "1", backend.url("/reject/404"), "")
                + api("Broken", "/broken", "1", backend.url("/reject/500"), "")
                + api("Shadowing", "/app/api", "1", backend.url("/control"), "")),
                t -> {
                    try {
                        TesterWebapp.deploy(t, "", "root");
                        TesterWebapp.deploy(t, "/app", "app");
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @AfterAll
    static void stop() throws Exception {
        stopTomcat();
        for (Socket s : backlog) {
            s.close();
        }
        silent.close();
    }

    @Test
    void relaysTheSeedExampleWithRootAndOtherWebappsDeployed() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        client.send("hi");
        assertEquals("hi", client.nextText());
        client.close(1000, "");
    }

    @Test
    void leavesWebappsAndTheirWebSocketsUntouched() throws Exception {
        assertEquals("app ok /app/hello", get("/app/hello").body());
        assertEquals("root ok /elsewhere", get("/elsewhere").body());
        assertEquals("root ok /echowebsocketx/1.0", get("/echowebsocketx/1.0").body());
        TesterClient webappSocket = TesterClient.connect(gateway("/app/ws"));
        webappSocket.send("x");
        assertEquals("webapp:x", webappSocket.nextText());
        webappSocket.close(1000, "");
    }

    @Test
    void servesAnApiInsideAWebappsPath() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/app/api/1"));
        client.send("subprotocol");
        assertEquals("null", client.nextText());
        client.close(1000, "");
        assertEquals(404, get("/app/api").statusCode(), "the gateway owns its context, versions or not");
        assertEquals("app ok /app/apix", get("/app/apix").body(), "the rest of the webapp is still the webapp's");
    }

    @Test
    void answersPlainHttpWith426() throws Exception {
        HttpResponse<String> response = get("/echowebsocket/1.0");
        assertEquals(426, response.statusCode());
        assertEquals("websocket", response.headers().firstValue("Upgrade").orElse(null));
        assertTrue(response.body().contains("WebSocket API"), response.body());
    }

    @Test
    void answersAnUnknownVersionWith404() throws Exception {
        assertEquals(404, get("/echowebsocket/2.0").statusCode());
        assertEquals(404, TesterClient.refused(gateway("/echowebsocket/2.0")).statusCode());
    }

    @Test
    void answersAMalformedUpgradeWith400() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/echowebsocket/1.0",
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13");
        assertEquals(400, response.status());
    }

    @Test
    void answersAWrongVersionWith426NamingVersion13() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/echowebsocket/1.0",
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 8",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertEquals(426, response.status());
        assertEquals("13", response.headers().get("sec-websocket-version"));
    }

    @Test
    void answersANonGetUpgradeWith405() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "POST", "/echowebsocket/1.0", RawHttp.upgrade());
        assertEquals(405, response.status());
        assertEquals("GET", response.headers().get("allow"));
    }

    @Test
    void answers502WhenTheBackendRefusesTheConnection() throws Exception {
        assertEquals(502, TesterClient.refused(gateway("/refused/1")).statusCode());
    }

    @Test
    void answers504WhenTheBackendDoesNotAnswerTheUpgrade() throws Exception {
        assertEquals(504, TesterClient.refused(gateway("/hanging/1")).statusCode());
    }

    @Test
    void answers504WhenTheBackendDoesNotAcceptTheConnection() throws Exception {
        assertEquals(504, TesterClient.refused(gateway("/unreachable/1")).statusCode());
    }

    @Test
    void passesTheBackends401And403On() throws Exception {
        RawHttp.Response denied = RawHttp.send(port(), "GET", "/denied/1", RawHttp.upgrade());
        assertEquals(401, denied.status());
        assertEquals("Bearer realm=\"tester\"", denied.headers().get("www-authenticate"));
        assertEquals("denied by backend", denied.body());
        assertEquals(403, RawHttp.send(port(), "GET", "/forbidden/1", RawHttp.upgrade()).status());
    }

    @Test
    void answers502ForOtherBackendRefusals() throws Exception {
        assertEquals(502, TesterClient.refused(gateway("/missing/1")).statusCode());
        assertEquals(502, TesterClient.refused(gateway("/broken/1")).statusCode());
    }

    @Test
    void returnsTheBackendsHandshakeHeadersThatMatterToClients() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/echowebsocket/1.0", RawHttp.upgrade());
        assertEquals(101, response.status());
        assertEquals("backend=1; Path=/", response.headers().get("set-cookie"));
        assertEquals("tester", response.headers().get("x-backend"));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.headers().get("sec-websocket-accept"));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(httpUrl(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
