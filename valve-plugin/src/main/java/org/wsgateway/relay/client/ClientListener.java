package org.wsgateway.relay.client;

import io.netty.buffer.ByteBuf;

/**
 * Receives what happens on a client's connection. Reads are reported on Tomcat's threads, one at a time per
 * connection; {@link #onClientDrained()} and {@link #onClientEnded(boolean)} may come from any thread.
 * Implementations MUST NOT block.
 */
public interface ClientListener {

    /** The connection is upgraded and ready. */
    void onClientOpen(ClientLeg connection);

    /**
     * A piece of a data message (inflated); the listener owns and MUST release {@code piece}. Its bytes are still
     * masked with {@code mask} (see {@link org.wsgateway.relay.frame.FrameReader.Handler#onData}); 0 means plain.
     */
    void onClientData(boolean text, boolean first, boolean last, ByteBuf piece, int mask);

    /** A read pass is over: what {@link #onClientData} handed on may be flushed now. */
    void onClientReadComplete();

    /** The client sent a ping or pong: it is alive. */
    void onClientAlive();

    /** The client started a close handshake. */
    void onClientClose(int code, String reason);

    /** The client broke the protocol; the connection is being failed with {@code code}. */
    void onClientProtocolError(int code, String message);

    /** Bytes waiting for the client fell below the low water mark after a send returned {@code false}. */
    void onClientDrained();

    /** Whether the client may be read now (false while the backend cannot take more). */
    boolean mayReadClient();

    /**
     * The connection is closed.
     *
     * @param clean whether a close handshake preceded it (otherwise the client vanished or the connection failed)
     */
    void onClientEnded(boolean clean);
}
