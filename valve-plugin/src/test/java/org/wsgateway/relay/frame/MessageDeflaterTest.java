package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.TestFrames.ALLOC;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.readAll;
import static org.wsgateway.relay.frame.TestFrames.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageDeflaterTest {

    private static final byte[] MESSAGE = utf8(IntStream.range(0, 2000).mapToObj(i -> "item-" + (i * 7919 % 1000))
            .collect(Collectors.joining(" ")));

    private final List<MessageDeflater> deflaters = new ArrayList<>();
    private final List<MessageInflater> inflaters = new ArrayList<>();

    @AfterEach
    void end() {
        deflaters.forEach(MessageDeflater::end);
        inflaters.forEach(MessageInflater::end);
    }

    private MessageDeflater deflater(boolean noContextTakeover) {
        MessageDeflater d = new MessageDeflater(noContextTakeover);
        deflaters.add(d);
        return d;
    }

    private MessageInflater inflater(boolean noContextTakeover) {
        MessageInflater i = new MessageInflater(noContextTakeover);
        inflaters.add(i);
        return i;
    }

    private static byte[] deflate(MessageDeflater deflater, byte[] data, boolean last) {
        ByteBuf out = deflater.deflate(ByteBuffer.wrap(data), last, ALLOC);
        try {
            return readAll(out);
        } finally {
            out.release();
        }
    }

    private static byte[] inflate(MessageInflater inflater, byte[] compressed) throws Exception {
        List<ByteBuf> chunks = new ArrayList<>();
        TestFrames.inflateAll(inflater, Unpooled.wrappedBuffer(compressed), true, chunks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf chunk : chunks) {
            out.writeBytes(readAll(chunk));
            chunk.release();
        }
        return out.toByteArray();
    }

    @Test
    void roundTripsAOneFragmentMessage() throws Exception {
        byte[] compressed = deflate(deflater(false), MESSAGE, true);

        assertTrue(compressed.length < MESSAGE.length / 2);
        assertFalse(Arrays.equals(compressed, compressed.length - 4, compressed.length, bytes(0, 0, 0xff, 0xff), 0, 4),
                "the trailing 00 00 ff ff is removed");
        assertArrayEquals(MESSAGE, inflate(inflater(false), compressed));
    }

    @Test
    void roundTripsAMessageCompressedOneFragmentAtATime() throws Exception {
        MessageDeflater deflater = deflater(false);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int[] cuts = {0, 1, 100, 101, 2000, 5000, MESSAGE.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            boolean last = i + 2 == cuts.length;
            payload.writeBytes(deflate(deflater, Arrays.copyOfRange(MESSAGE, cuts[i], cuts[i + 1]), last));
        }

        assertArrayEquals(MESSAGE, inflate(inflater(false), payload.toByteArray()));
    }

    @Test
    void roundTripsAMessageWhoseLastFragmentIsEmpty() throws Exception {
        MessageDeflater deflater = deflater(false);
        byte[] payload = concat(deflate(deflater, MESSAGE, false), deflate(deflater, new byte[0], true));

        assertArrayEquals(MESSAGE, inflate(inflater(false), payload));
    }

    @Test
    void keepsTheContextBetweenMessagesByDefault() throws Exception {
        MessageDeflater deflater = deflater(false);
        MessageInflater inflater = inflater(false);
        byte[] first = deflate(deflater, MESSAGE, true);
        byte[] second = deflate(deflater, MESSAGE, true);

        assertTrue(second.length < first.length / 10, "the second message refers back to the first");
        assertArrayEquals(MESSAGE, inflate(inflater, first));
        assertArrayEquals(MESSAGE, inflate(inflater, second));
    }

    @Test
    void resetsTheContextAfterEachMessageWithoutContextTakeover() throws Exception {
        MessageDeflater deflater = deflater(true);
        MessageInflater inflater = inflater(true);
        byte[] first = deflate(deflater, MESSAGE, true);
        byte[] second = deflate(deflater, MESSAGE, true);

        assertArrayEquals(first, second, "each message is compressed on its own");
        assertArrayEquals(MESSAGE, inflate(inflater, first));
        assertArrayEquals(MESSAGE, inflate(inflater, second));
        assertArrayEquals(MESSAGE, inflate(inflater(true), second), "a fresh inflater needs nothing earlier");
    }

    @Test
    void compressesAnEmptyMessageToASingleZeroByte() throws Exception {
        byte[] compressed = deflate(deflater(false), new byte[0], true);

        assertArrayEquals(bytes(0), compressed);
        List<ByteBuf> chunks = new ArrayList<>();
        TestFrames.inflateAll(inflater(false), Unpooled.wrappedBuffer(compressed), true, chunks);
        assertEquals(1, chunks.size(), "the last piece always yields a chunk");
        assertEquals(0, chunks.get(0).readableBytes());
        chunks.forEach(ByteBuf::release);
    }

    @Test
    void roundTripsEmptyMessagesBetweenOthers() throws Exception {
        MessageDeflater deflater = deflater(false);
        MessageInflater inflater = inflater(false);

        assertArrayEquals(MESSAGE, inflate(inflater, deflate(deflater, MESSAGE, true)));
        assertArrayEquals(new byte[0], inflate(inflater, deflate(deflater, new byte[0], true)));
        assertArrayEquals(utf8("after"), inflate(inflater, deflate(deflater, utf8("after"), true)));
    }
}
