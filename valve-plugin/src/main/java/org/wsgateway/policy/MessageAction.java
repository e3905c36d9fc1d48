package org.wsgateway.policy;

/**
 * What a {@link MessageGuard} says about a piece of a message: let it pass, let it pass but stop reading its sender
 * for a while (shaping: nothing is lost, the sender slows down), or close the connection.
 */
public sealed interface MessageAction {

    MessageAction PASS = new Pass();

    /** The piece goes on. */
    record Pass() implements MessageAction {
    }

    /** The piece goes on; the sender is not read again for {@code nanos}. */
    record Pause(long nanos) implements MessageAction {
    }

    /**
     * The connection ends: the sender gets {@code senderCode}, the other side {@code otherCode}, both with
     * {@code reason}.
     */
    record Close(int senderCode, int otherCode, String reason) implements MessageAction {
    }
}
