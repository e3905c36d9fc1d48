package org.wsgateway.policy;

/**
 * Watches one connection's messages for one policy. Messages arrive in pieces (a 16 MiB message is never held
 * whole); the guard sees each piece's size as it crosses.
 *
 * <p>Pieces of one direction arrive on one thread at a time, but the two directions run on different threads: an
 * implementation MUST be safe for that. It MUST be cheap (it runs for every piece) and MUST NOT block.
 */
public interface MessageGuard {

    /**
     * @param direction which way the piece travels
     * @param text      whether its message is a text message
     * @param first     whether it starts a message
     * @param last      whether it ends its message
     * @param bytes     its payload size
     */
    MessageAction onPiece(Direction direction, boolean text, boolean first, boolean last, int bytes);

    /**
     * Whether text messages going this way must be held until complete and shown to {@link #onText} before they
     * go on (validation). Held messages are the only ones the gateway buffers whole, so a guard that holds MUST cap
     * their size in {@link #onPiece}.
     */
    default boolean holdsText(Direction direction) {
        return false;
    }

    /** A whole text message held for this guard: {@link MessageAction#PASS} lets it go on. */
    default MessageAction onText(Direction direction, java.nio.ByteBuffer utf8) {
        return MessageAction.PASS;
    }
}
