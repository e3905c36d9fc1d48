package org.wsgateway.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A backend that accepts connections and never answers the upgrade holds at most {@code maxPendingHandshakes} of its
 * API's handshakes; the others are told to retry at once, and other APIs go on.
 */
class PendingHandshakesIT extends GatewayTestBase {

    private static ServerSocket mute;
    private static final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        // Accepts every connection and reads nothing: the gateway's upgrade request is never answered.
        mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!mute.isClosed()) {
                try {
                    accepted.add(mute.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "mute-backend");
        acceptor.setDaemon(true);
        acceptor.start();
        startTomcat(config(
                api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")
                + api("Mute", "/mute", "1", URI.create("ws://127.0.0.1:" + mute.getLocalPort() + "/"),
                        "handshakeTimeout=\"3s\"")),
                t -> valve.setMaxPendingHandshakes(2));
    }

    @AfterAll
    static void closeMuteBackend() throws IOException {
        mute.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** The status of an upgrade to the mute API, waiting for it as long as the gateway makes it wait. */
    private static int muteStatus() {
        try {
            return RawHttp.send(port(), "GET", "/mute/1", RawHttp.upgrade()).status();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void answers503WithRetryAfterBeyondThePendingBoundAndServesOtherApis() throws Exception {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(PendingHandshakesIT::muteStatus);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(PendingHandshakesIT::muteStatus);
        Await.until("two handshakes waiting at the mute backend", 5, () -> accepted.size() == 2);

        RawHttp.Response third = RawHttp.send(port(), "GET", "/mute/1", RawHttp.upgrade());
        assertEquals(503, third.status());
        assertEquals("1", third.headers().get("retry-after"));
        assertEquals(2, accepted.size(), "the refused handshake never reached the backend");

        // Another API of the same gateway is not held up by the mute one.
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        client.send("still here");
        assertEquals("still here", client.nextText());
        client.close(1000, "");

        assertEquals(504, first.get(10, TimeUnit.SECONDS));
        assertEquals(504, second.get(10, TimeUnit.SECONDS));
        // Their outcome freed the bound: the next handshake waits at the backend again instead of a 503.
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(PendingHandshakesIT::muteStatus);
        Await.until("a new handshake waiting at the mute backend", 5, () -> accepted.size() == 3);
        assertEquals(504, next.get(10, TimeUnit.SECONDS));
    }
}
