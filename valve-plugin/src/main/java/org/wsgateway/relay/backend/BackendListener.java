package org.wsgateway.relay.backend;

import io.netty.buffer.ByteBuf;

/**
 * Receives what happens on a backend connection. Every method is called on the connection's event loop thread, in
 * the order things happened; implementations MUST NOT block.
 */
public interface BackendListener {

    /** A piece of a data message; the listener owns and MUST release {@code piece}. */
    void onBackendData(boolean text, boolean first, boolean last, ByteBuf piece);

    /** A read pass is over: what {@link #onBackendData} handed on may be flushed now. */
    void onBackendReadComplete();

    /** The backend sent a ping or pong: it is alive. */
    void onBackendAlive();

    /**
     * The backend sent a close frame.
     *
     * @param code   its code, or 1005 when the frame had none
     * @param reason its reason, possibly empty
     */
    void onBackendClose(int code, String reason);

    /** The backend broke the protocol; the connection must be failed with {@code code}. */
    void onBackendProtocolError(int code, String message);

    /** The connection ended (after a close handshake, or because the backend vanished or failed). */
    void onBackendGone(Throwable cause);

    /** Writing to the backend must pause ({@code false}) or may resume ({@code true}). */
    void onBackendWritable(boolean writable);
}
