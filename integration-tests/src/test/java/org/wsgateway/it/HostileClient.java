package org.wsgateway.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client on a raw socket that sends whatever bytes it is given and reads only when told to: what a real client
 * library would refuse to do (send a deflate bomb, flood pings without reading the answers). It offers
 * permessage-deflate in its handshake.
 */
final class HostileClient implements AutoCloseable {

    static final int MASK = 0x5a17c3e9;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private HostileClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes the upgrade, failing unless the gateway answers 101 with permessage-deflate. */
    static HostileClient connect(int port, String path) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        HostileClient client = new HostileClient(socket);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + String.join("\r\n", RawHttp.upgrade("Sec-WebSocket-Extensions: permessage-deflate")) + "\r\n\r\n";
        client.out.write(request.getBytes(StandardCharsets.US_ASCII));
        client.out.flush();
        String head = client.readHead();
        if (!head.startsWith("HTTP/1.1 101") || !head.toLowerCase().contains("permessage-deflate")) {
            socket.close();
            throw new IOException("upgrade refused: " + head);
        }
        return client;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A frame as a client sends it: masked with {@link #MASK}. */
    static byte[] frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            frame.write(MASK >>> shift);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ (MASK >>> (24 - 8 * (i % 4))));
        }
        return frame.toByteArray();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads frames until a close frame and returns its code: 1005 for a close without one, 1006 if the connection
     * ended without a close frame.
     */
    int awaitCloseCode() throws IOException {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if ((b0 & 0x0f) == 8) {
                    return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return 1006;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
