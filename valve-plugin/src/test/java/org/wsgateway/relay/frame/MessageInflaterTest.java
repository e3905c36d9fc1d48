package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.TestFrames.ALLOC;
import static org.wsgateway.relay.frame.TestFrames.bytes;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageInflaterTest {

    private final MessageInflater inflater = new MessageInflater(false);
    private final List<ByteBuf> chunks = new ArrayList<>();

    @AfterEach
    void release() {
        chunks.forEach(ByteBuf::release);
        inflater.end();
    }

    @Test
    void neverInflatesMoreThanOneChunkAtATime() throws Exception {
        byte[] message = new byte[1 << 20];
        Arrays.fill(message, (byte) 'a');
        message[12345] = 'b';
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] compressed = TestFrames.deflate(deflater, message);
        deflater.end();
        assertTrue(compressed.length < 4096, "highly compressible");

        // Two pieces, as a frame split across reads would give.
        int half = compressed.length / 2;
        ByteBuf first = Unpooled.wrappedBuffer(compressed, 0, half);
        ByteBuf second = Unpooled.wrappedBuffer(compressed, half, compressed.length - half);
        inflater.inflate(first, false, ALLOC, chunks);
        inflater.inflate(second, true, ALLOC, chunks);
        first.release();
        second.release();

        assertTrue(chunks.size() >= (1 << 20) / MessageInflater.CHUNK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf chunk : chunks) {
            assertTrue(chunk.readableBytes() <= MessageInflater.CHUNK, "chunk of " + chunk.readableBytes());
            out.writeBytes(TestFrames.readAll(chunk));
        }
        assertArrayEquals(message, out.toByteArray());
    }

    @Test
    void rejectsDataThatIsNotDeflate() {
        ByteBuf garbage = Unpooled.wrappedBuffer(bytes(0xff, 0xff, 0xff, 0xff));
        try {
            assertThrows(DataFormatException.class, () -> inflater.inflate(garbage, true, ALLOC, chunks));
        } finally {
            garbage.release();
        }
        assertEquals(0, chunks.size());
    }
}
