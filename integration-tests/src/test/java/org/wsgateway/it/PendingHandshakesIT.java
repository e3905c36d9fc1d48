package org.wsgateway.it;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
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

    private static MuteBackend mute;

    @BeforeAll
    static void start() throws Exception {
        mute = new MuteBackend();
        startTomcat(config(
                api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")
                + api("Mute", "/mute", "1", mute.url(),
                        "handshakeTimeout=\"3s\"")),
                t -> valve.setMaxPendingHandshakes(2));
    }

    @AfterAll
    static void closeMuteBackend() throws IOException {
        mute.close();
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
        Await.until("two handshakes waiting at the mute backend", 5, () -> mute.accepted() == 2);

        RawHttp.Response third = RawHttp.send(port(), "GET", "/mute/1", RawHttp.upgrade());
        assertEquals(503, third.status());
        assertEquals("1", third.headers().get("retry-after"));
        assertEquals(2, mute.accepted(), "the refused handshake never reached the backend");

        // Another API of the same gateway is not held up by the mute one.
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        client.send("still here");
        assertEquals("still here", client.nextText());
        client.close(1000, "");

        assertEquals(504, first.get(10, TimeUnit.SECONDS));
        assertEquals(504, second.get(10, TimeUnit.SECONDS));
        // Their outcome freed the bound: the next handshake waits at the backend again instead of a 503.
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(PendingHandshakesIT::muteStatus);
        Await.until("a new handshake waiting at the mute backend", 5, () -> mute.accepted() == 3);
        assertEquals(504, next.get(10, TimeUnit.SECONDS));
    }
}
