package org.wsgateway.it;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import org.wsgateway.it.FaultStorm.Attempt;
import org.wsgateway.it.FaultStorm.Kind;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.it.support.TesterNettyClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connections {@link FaultStormIT} mixes, one method per kind, against the distribution's sample
 * {@code EchoWebSocket} API ({@code /echowebsocket/1.0}, the backend's echo) and its {@code Control} API
 * ({@code /control/v1}, the backend's commands; see {@code TesterConnection}). Each kind holds its connection a
 * while before its fault, so that the slots' connections are live at once.
 */
final class StormClients {

    static final String ECHO = "/echowebsocket/1.0";
    static final String CONTROL = "/control/v1";
    /**
     * What the backend of a slow reader may write at most: the socket buffers of both legs (the kernel's, autotuned
     * up to {@code tcp_rmem} and {@code tcp_wmem} on each, here up to about 40 MiB in all), never its whole flood
     * (256 MiB, which the gateway's 256 MiB heap could not hold).
     */
    static final long HELD_LIMIT = 64L << 20;
    /** A deflate bomb's size inflated: four times the default largest message (16 MiB). */
    static final int BOMB_INFLATED = 64 << 20;
    static final int PINGS = 5000;
    private static final byte[] BOMB = TesterConnection.deflatedZeros(BOMB_INFLATED);

    private StormClients() {
    }

    /**
     * The mix of a storm over 500 slots.
     *
     * @param without kinds left out (to see which of them a failure needs), their slots given to echo clients
     */
    static List<Kind> mix(Set<String> without) {
        List<Kind> faults = Stream.of(
                new Kind("slow-reader", 20, Duration.ofMillis(100), StormClients::slowReader),
                new Kind("reset-mid-frame", 60, Duration.ofMillis(200), StormClients::resetMidFrame),
                new Kind("backend-kill", 25, Duration.ofMillis(200), StormClients::backendKill),
                new Kind("deflate-bomb", 10, Duration.ofMillis(500), StormClients::deflateBomb),
                new Kind("ping-flood", 40, Duration.ofMillis(200), StormClients::pingFlood))
                .filter(k -> !without.contains(k.name())).toList();
        int echoes = 500 - faults.stream().mapToInt(Kind::slots).sum();
        return Stream.concat(Stream.of(new Kind("echo", echoes, Duration.ofMillis(100), StormClients::echo)),
                faults.stream()).toList();
    }

    /** Echoes the pattern stream in messages of up to 8 KiB for 10-20 s, then closes: every byte back, in order. */
    static void echo(FaultStorm storm, Attempt attempt) throws Exception {
        try (TesterNettyClient client = storm.connect(attempt, ECHO, false, true, false)) {
            long end = storm.until(FaultStorm.millis(10_000, 20_000));
            while (System.nanoTime() < end) {
                if (client.patternSent() - client.patternReceived() < 256 << 10) {
                    client.sendPattern((int) FaultStorm.millis(1, 8192));
                }
                FaultStorm.pause(FaultStorm.millis(150, 250));
            }
            Await.until(attempt.id + " echoed", 30, () -> client.patternReceived() >= client.patternSent());
            client.close(1000, "done");
            int code = client.awaitClose(15).code();
            attempt.closed(code);
            assertEquals(1000, code, "a normal close");
            assertEquals(client.patternSent(), client.patternReceived(), "bytes echoed");
            assertEquals(0, client.patternMismatches(), "bytes that came back changed or out of order");
            attempt.bytes(client.patternReceived());
        }
    }

    /** Asks for a 256 MiB flood and reads nothing for 40-55 s: backpressure holds the backend; then it vanishes. */
    static void slowReader(FaultStorm storm, Attempt attempt) throws Exception {
        long end = storm.until(FaultStorm.millis(40_000, 55_000));
        TesterConnection backendSide;
        try (TesterNettyClient client = storm.connect(attempt, CONTROL, true, false, false)) {
            backendSide = storm.backendSide(attempt);
            client.sendText("flood 4096 65536");
            Await.plateau(backendSide::bytesWritten);
            FaultStorm.pauseUntil(end);
            long held = backendSide.bytesWritten();
            attempt.held(held);
            assertTrue(held < HELD_LIMIT, "the backend wrote " + held + " bytes to a client that read nothing");
        }
        assertTrue(backendSide.awaitClosed(15), "the backend leg of a vanished slow reader ended");
        attempt.closed(backendSide.awaitClose(10).code());
    }

    /** Upgrades by hand, holds 0.5-3 s, sends half a frame and resets the connection (SO_LINGER 0). */
    static void resetMidFrame(FaultStorm storm, Attempt attempt) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", storm.port())) {
            RawHttp.Response answer = RawHttp.exchange(socket, "GET", storm.path(ECHO, attempt, false),
                    RawHttp.upgrade());
            if (answer.status() == 503) {
                throw new FaultStorm.Refused(false);
            }
            assertEquals(101, answer.status(), answer.toString());
            attempt.connected();
            FaultStorm.pause(FaultStorm.millis(500, 3000));
            OutputStream out = socket.getOutputStream();
            // A masked binary frame announcing 4096 bytes (header, length, mask), and only half of them.
            byte[] half = new byte[4 + 4 + 2048];
            half[0] = (byte) 0x82;
            half[1] = (byte) (0x80 | 126);
            half[2] = 0x10;
            out.write(half);
            out.flush();
            attempt.bytes(2048);
            socket.setSoLinger(true, 0);
        }
    }

    /**
     * Holds 3-8 s, then asks for a 64 MiB flood and, while backpressure holds it (the client reads nothing yet), has
     * the backend drop its connection; then reads what came before the 1014. On an event loop of its own: the
     * gateway waits a second for the answer to its close, however much the client has to read before it.
     */
    static void backendKill(FaultStorm storm, Attempt attempt) throws Exception {
        URI uri = storm.ws(CONTROL, attempt, true);
        try (TesterNettyClient client = storm.connect(attempt,
                () -> TesterNettyClient.connect(uri, null, false, false, false))) {
            TesterConnection backendSide = storm.backendSide(attempt);
            FaultStorm.pauseUntil(storm.until(FaultStorm.millis(3000, 8000)));
            client.sendText("flood 1024 65536");
            client.sendText("kill");
            assertTrue(backendSide.awaitClosed(15), "the backend dropped its connection");
            client.autoRead(true);
            int code = client.awaitClose(15).code();
            attempt.closed(code);
            attempt.bytes(client.bytesReceived());
            assertEquals(1014, code, "a backend lost mid-stream is 1014 to its client");
            assertTrue(client.bytesReceived() < 64L << 20, "the backend was killed mid-stream");
        }
    }

    /** Holds 5-10 s, then sends one permessage-deflate message of zeros inflating to 64 MiB: 1009. */
    static void deflateBomb(FaultStorm storm, Attempt attempt) throws Exception {
        try (TesterNettyClient client = storm.connect(attempt, CONTROL, false, true, true)) {
            String extensions = client.handshakeResponse().headers().get("Sec-WebSocket-Extensions");
            assertTrue(extensions != null && extensions.startsWith("permessage-deflate"), extensions);
            FaultStorm.pauseUntil(storm.until(FaultStorm.millis(5000, 10_000)));
            client.send(new BinaryWebSocketFrame(true, WebSocketExtension.RSV1, Unpooled.wrappedBuffer(BOMB)));
            attempt.bytes(BOMB.length);
            int code = client.awaitClose(30).code();
            attempt.closed(code);
            assertEquals(1009, code, "a message inflating beyond the API's largest message (default 16 MiB)");
        }
    }

    /** Holds 2-5 s, then sends pings as fast as it can while never reading; the gateway ends it (1008). */
    static void pingFlood(FaultStorm storm, Attempt attempt) throws Exception {
        try (TesterNettyClient client = storm.connect(attempt, ECHO, false, false, false)) {
            FaultStorm.pauseUntil(storm.until(FaultStorm.millis(2000, 5000)));
            client.sendPings(PINGS, 125);
            attempt.bytes(PINGS * 125L);
            FaultStorm.pause(1000);
            client.autoRead(true);
            int code = client.awaitClose(20).code();
            attempt.closed(code);
            assertTrue(code == 1008 || code == 1006, "a ping flood ends with 1008 (or the connection dropped), not "
                    + code);
        }
    }
}
