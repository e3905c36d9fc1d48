package org.wsgateway.relay.frame;

/**
 * A peer broke the WebSocket protocol; the connection must be failed with {@link #closeCode()} (1002 protocol error,
 * 1007 invalid payload).
 */
public final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public ProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
