package org.wsgateway.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * No handshake holds a Tomcat worker while its backend is awaited: with two worker threads, twenty handshakes wait
 * at a backend that never answers while another API, and Tomcat itself, go on serving; each waiting client then
 * gets its honest 504.
 */
class WorkerFreeHandshakeIT extends GatewayTestBase {

    private static final int WAITING = 20;
    private static MuteBackend mute;

    @BeforeAll
    static void start() throws Exception {
        mute = new MuteBackend();
        startTomcat(config(
                api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")
                + api("Mute", "/mute", "1", mute.url(),
                        "handshakeTimeout=\"4s\"")),
                t -> {
                    t.getConnector().setProperty("maxThreads", "2");
                    t.getConnector().setProperty("minSpareThreads", "1");
                });
    }

    @AfterAll
    static void closeMuteBackend() throws IOException {
        mute.close();
    }

    @Test
    void waitingHandshakesHoldNoWorker() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(WAITING);
        try {
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                waiting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return RawHttp.send(port(), "GET", "/mute/1", RawHttp.upgrade()).status();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, clients));
            }
            // With two workers, a gateway whose workers waited for the backend could have two at the backend at most.
            Await.until(WAITING + " handshakes waiting at the mute backend", 10, () -> mute.accepted() == WAITING);

            TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
            client.send("not held up");
            assertEquals("not held up", client.nextText());
            client.close(1000, "");
            assertEquals(404, RawHttp.send(port(), "GET", "/no-such-webapp").status());
            for (CompletableFuture<Integer> f : waiting) {
                assertFalse(f.isDone(), "the waiting handshakes were still waiting while the others were served");
            }

            for (CompletableFuture<Integer> f : waiting) {
                assertEquals(504, f.get(20, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
