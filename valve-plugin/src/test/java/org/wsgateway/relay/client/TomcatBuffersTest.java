package org.wsgateway.relay.client;

import java.nio.ByteBuffer;

import org.apache.tomcat.util.net.SocketBufferHandler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TomcatBuffersTest {

    @Test
    void givesTheBuffersUpAndPutsEmptyOnesOfTheSameSizesBack() {
        SocketBufferHandler handler = new SocketBufferHandler(8192, 4096, false);
        handler.getWriteBuffer().put(new byte[100]);

        TomcatBuffers buffers = TomcatBuffers.release(handler);

        assertNotNull(buffers);
        assertEquals(0, handler.getReadBuffer().capacity());
        assertEquals(0, handler.getWriteBuffer().capacity());

        buffers.restore();
        assertEquals(8192, handler.getReadBuffer().capacity());
        assertEquals(4096, handler.getWriteBuffer().capacity());
        assertFalse(handler.getReadBuffer().isDirect());
        // Ready for Tomcat's next connection on this channel: empty, configured for writing into.
        assertTrue(handler.isReadBufferEmpty());
        assertTrue(handler.isWriteBufferEmpty());
        assertEquals(4096, handler.getWriteBuffer().remaining());
    }

    @Test
    void directBuffersComeBackDirect() {
        SocketBufferHandler handler = new SocketBufferHandler(1024, 1024, true);
        TomcatBuffers buffers = TomcatBuffers.release(handler);
        buffers.restore();
        assertTrue(handler.getReadBuffer().isDirect());
        assertTrue(handler.getWriteBuffer().isDirect());
        assertEquals(1024, handler.getReadBuffer().capacity());
    }

    @Test
    void restoresOnceFromWhicheverThreadComesFirst() {
        SocketBufferHandler handler = new SocketBufferHandler(2048, 2048, false);
        TomcatBuffers buffers = TomcatBuffers.release(handler);
        buffers.restore();
        ByteBuffer restored = handler.getReadBuffer();
        restored.put((byte) 1);
        buffers.restore();
        assertSame(restored, handler.getReadBuffer(), "a second restore leaves Tomcat's buffers alone");
    }

    @Test
    void leavesEmptyHandlersAlone() {
        assertNull(TomcatBuffers.release(new SocketBufferHandler(0, 0, false)));
        assertNull(TomcatBuffers.release(null));
    }
}
