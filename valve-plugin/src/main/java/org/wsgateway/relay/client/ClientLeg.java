package org.wsgateway.relay.client;

import io.netty.buffer.ByteBuf;

/**
 * The client's leg of a relayed connection, as the relay drives it: on Tomcat's socket ({@link ClientConnection}),
 * or on a Netty channel that took the socket over after the upgrade ({@link ChannelClient}).
 */
public interface ClientLeg {

    /**
     * Queues a piece of a message for the next {@link #flush()}; takes ownership of {@code piece}. {@code false}
     * means: stop reading the backend until {@link ClientListener#onClientDrained()}.
     */
    boolean send(boolean text, boolean first, boolean last, ByteBuf piece);

    /** Writes what {@link #send} queued. */
    void flush();

    /** Sends a ping (keepalive). */
    void ping();

    /** Starts a close handshake; the connection closes when the client answers (or on {@link #abort()}). */
    void close(int code, String reason);

    /** Answers the client's close (or fails the connection): the close frame, then the end of the connection. */
    void answerClose(int code, String reason);

    /** Closes the connection now, without a close frame. */
    void abort();

    /** Starts reading again after {@link ClientListener#mayReadClient()} allows it. */
    void resumeReading();

    /** Whether the client connection is over. */
    boolean isEnded();
}
