package org.wsgateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A socket the relay took over from Tomcat gives Tomcat's application buffers up while it is relayed, and gets them
 * back before Tomcat closes it and pools its channel: the HTTP requests Tomcat then serves on those pooled channels
 * (bodies larger than the buffers, both ways) are whole.
 */
class TakenOverSocketIT extends GatewayTestBase {

    private static final int RELAYS = 12;
    private static final int BODY = 40_000;

    @BeforeAll
    static void start() throws Exception {
        startTomcat(config(api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")),
                TakenOverSocketIT::deployBodyEcho);
    }

    private static void deployBodyEcho(Tomcat t) {
        try {
            Context context = t.addContext("/body", java.nio.file.Files.createTempDirectory("webapp").toString());
            Tomcat.addServlet(context, "echo", new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    byte[] body = req.getInputStream().readAllBytes();
                    resp.setContentType("application/octet-stream");
                    resp.setContentLength(body.length * 2);
                    resp.getOutputStream().write(body);
                    resp.getOutputStream().write(body);
                }
            });
            context.addServletMappingDecoded("/", "echo");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pooledChannelsServeWholeBodiesAfterRelays() throws Exception {
        AbstractProtocol<?> protocol = (AbstractProtocol<?>) tomcat.getConnector().getProtocolHandler();
        long before = protocol.getConnectionCount();
        List<TesterClient> clients = new ArrayList<>();
        for (int i = 0; i < RELAYS; i++) {
            TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
            client.send("relay " + i);
            assertEquals("relay " + i, client.nextText());
            clients.add(client);
        }
        for (TesterClient client : clients) {
            client.close(1000, "");
        }
        await("Tomcat closed every relayed socket", 10,
                () -> valve.getTracker().size() == 0 && protocol.getConnectionCount() <= before);

        // Tomcat pools the channels of closed sockets (last in, first out): these requests get the relays' ones.
        for (int i = 0; i < RELAYS; i++) {
            byte[] body = new byte[BODY];
            Arrays.fill(body, (byte) ('a' + i % 26));
            byte[] twice = new byte[2 * BODY];
            Arrays.fill(twice, body[0]);
            assertArrayEquals(twice, post(body), "request " + i + " got its own body back whole, twice");
        }
    }

    /** POSTs {@code body} on a new connection and returns the answer's body (read to the end of the connection). */
    private static byte[] post(byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /body/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200"), () -> "answered " + text.lines().findFirst().orElse(""));
            int headEnd = text.indexOf("\r\n\r\n") + 4;
            return Arrays.copyOfRange(all, headEnd, all.length);
        }
    }
}
