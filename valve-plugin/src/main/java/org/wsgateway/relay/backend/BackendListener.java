package org.wsgateway.relay.backend;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Receives what happens on a backend connection. Every method is called on the connection's event loop thread, in
 * the order things happened; implementations MUST NOT block.
 */
public interface BackendListener {

    /**
     * A piece of a data message: a {@code TextWebSocketFrame} or {@code BinaryWebSocketFrame} starts a message,
     * {@code ContinuationWebSocketFrame}s continue it, and {@code isFinalFragment()} marks its last piece. The
     * listener owns the frame and MUST release it.
     */
    void onBackendData(WebSocketFrame piece);

    /** The backend sent a pong (it is alive). */
    void onBackendPong();

    /**
     * The backend sent a close frame.
     *
     * @param code   its code, or 1005 when the frame had none
     * @param reason its reason, possibly empty
     */
    void onBackendClose(int code, String reason);

    /** The backend broke the protocol; the connection is being failed with 1002 (or 1007). */
    void onBackendProtocolError(int code, String message);

    /** The connection ended without a close frame (the backend vanished, or an I/O error). */
    void onBackendGone(Throwable cause);

    /** Writing to the backend must pause ({@code false}) or may resume ({@code true}). */
    void onBackendWritable(boolean writable);
}
