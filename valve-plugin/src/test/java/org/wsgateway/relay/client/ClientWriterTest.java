package org.wsgateway.relay.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.junit.jupiter.api.Test;
import org.wsgateway.relay.frame.FrameReader;

/** The writer's bound on control frames for a client that does not read: a socket whose writes never finish. */
class ClientWriterTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final SocketWrapperBase<?> socket = mock(SocketWrapperBase.class);
    private final ClientConnection connection = mock(ClientConnection.class);
    private final ClientWriter writer = new ClientWriter(connection, socket, alloc, null, mock(ClientListener.class));

    private ByteBuf pingPayload() {
        return alloc.heapBuffer(125).writeZero(125);
    }

    @Test
    void stopsReadingAClientWhileTheAnswersToItsPingsWaitAndHoldsNoMoreThanTheBound() {
        for (int i = 0; i < ClientWriter.MAX_CONTROL - 1; i++) {
            writer.control(FrameReader.OP_PONG, pingPayload());
        }
        assertTrue(writer.mayRead(), "fewer answers than the bound wait");

        for (int i = 0; i < 10_000; i++) {
            writer.control(FrameReader.OP_PONG, pingPayload());
        }

        assertFalse(writer.mayRead(), "the client is not read while it does not read its answers");
        long held = alloc.metric().usedHeapMemory();
        assertTrue(held <= ClientWriter.MAX_CONTROL * (125 + 10), "10,000 pings answered with " + held + " bytes");
    }

    @Test
    void readsTheClientAgainOnceItsAnswersAreWritten() {
        for (int i = 0; i < ClientWriter.MAX_CONTROL; i++) {
            writer.control(FrameReader.OP_PONG, pingPayload());
        }
        verify(connection, never()).resumeReading();

        // The first pong, the one being written, reached the socket.
        writer.completed(127L, null);

        assertTrue(writer.mayRead());
        verify(connection).resumeReading();
    }

    @Test
    void dropsTheGatewaysOwnPingsBeyondTheBoundToo() {
        for (int i = 0; i < 100; i++) {
            writer.control(FrameReader.OP_PING, alloc.heapBuffer(0));
        }
        assertFalse(writer.mayRead());
        writer.discard();
        assertTrue(alloc.metric().usedHeapMemory() <= 16, "only the frame being written is left");
    }
}
