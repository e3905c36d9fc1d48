package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.netty.buffer.UnpooledByteBufAllocator;
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

    private static byte[] compressed(byte[] message) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            return TestFrames.deflate(deflater, message);
        } finally {
            deflater.end();
        }
    }

    @Test
    void neverInflatesMoreThanOneChunkAtATime() throws Exception {
        byte[] message = new byte[1 << 20];
        Arrays.fill(message, (byte) 'a');
        message[12345] = 'b';
        byte[] compressed = compressed(message);
        assertTrue(compressed.length < 4096, "highly compressible");

        // Two pieces, as a frame split across reads would give.
        int half = compressed.length / 2;
        assertFalse(TestFrames.inflateAll(inflater, Unpooled.wrappedBuffer(compressed, 0, half), false, chunks));
        assertTrue(TestFrames.inflateAll(inflater, Unpooled.wrappedBuffer(compressed, half, compressed.length - half),
                true, chunks));

        assertTrue(chunks.size() >= (1 << 20) / MessageInflater.CHUNK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf chunk : chunks) {
            assertTrue(chunk.readableBytes() <= MessageInflater.CHUNK, "chunk of " + chunk.readableBytes());
            out.writeBytes(TestFrames.readAll(chunk));
        }
        assertArrayEquals(message, out.toByteArray());
    }

    @Test
    void holdsAtMostTwoChunksOfABombWhateverItInflatesTo() throws Exception {
        byte[] bomb = compressed(new byte[64 << 20]);
        assertTrue(bomb.length < 96 * 1024, "64 MiB of zeros compress to " + bomb.length + " bytes");
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false);

        inflater.feed(Unpooled.wrappedBuffer(bomb), true);
        ByteBuf chunk = inflater.inflate(counting);
        long held = counting.metric().usedHeapMemory();
        chunk.release();

        assertTrue(inflater.pending(), "the rest waits to be asked for");
        assertTrue(held <= 2L * MessageInflater.CHUNK, "held " + held + " bytes after one chunk");
    }

    @Test
    void tellsWhichChunkEndsTheMessage() throws Exception {
        byte[] message = new byte[3 * MessageInflater.CHUNK];
        inflater.feed(Unpooled.wrappedBuffer(compressed(message)), true);
        long total = 0;
        int ends = 0;
        for (ByteBuf chunk = inflater.inflate(ALLOC); chunk != null; chunk = inflater.inflate(ALLOC)) {
            total += chunk.readableBytes();
            ends += inflater.endedMessage() ? 1 : 0;
            assertEquals(total == message.length, inflater.endedMessage(), "at " + total);
            chunk.release();
        }
        assertEquals(message.length, total);
        assertEquals(1, ends, "exactly one chunk ends the message, and none of them is an empty extra one");
        assertFalse(inflater.pending());
    }

    @Test
    void givesNothingAndHoldsNothingOnceEnded() throws Exception {
        inflater.feed(Unpooled.wrappedBuffer(compressed(new byte[1 << 20])), true);
        ByteBuf first = inflater.inflate(ALLOC);
        first.release();
        inflater.end();
        assertNull(inflater.inflate(ALLOC));
        ByteBuf late = Unpooled.wrappedBuffer(bytes(0));
        inflater.feed(late, true);
        assertEquals(0, late.refCnt(), "a piece fed after the end is released");
    }

    @Test
    void rejectsDataThatIsNotDeflate() {
        inflater.feed(Unpooled.wrappedBuffer(bytes(0xff, 0xff, 0xff, 0xff)), true);
        assertThrows(DataFormatException.class, () -> inflater.inflate(ALLOC));
        assertEquals(0, chunks.size());
    }
}
