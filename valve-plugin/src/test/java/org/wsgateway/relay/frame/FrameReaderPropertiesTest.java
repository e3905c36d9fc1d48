package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.wsgateway.Seeds;

/**
 * Properties of {@link FrameReader}, each checked on {@value #TRIES} streams drawn from seeded randomness (a
 * failure names its seed, so it can be replayed), over frame streams made by {@link FrameWriter} and
 * {@link MessageDeflater}: what is written is read back as the same messages however the bytes are cut into reads
 * and however often the other side pauses the reader; and random or mutated streams never make it throw anything but
 * a {@link ProtocolException} nor hold more than two inflated chunks at a time.
 */
class FrameReaderPropertiesTest {

    private static final int TRIES = 150;
    private static final long HELD_BOUND = 2L * MessageInflater.CHUNK;

    /** A message as the writer is given it: its kind, bytes and where it is cut into fragments. */
    record Message(boolean text, byte[] payload, List<Integer> cuts) {
        @Override
        public String toString() {
            return (text ? "text" : "binary") + "[" + payload.length + " bytes, cuts " + cuts + "]";
        }
    }

    private static void forEachSeed(Consumer<Random> property) {
        Seeds.forEach(TRIES, property);
    }

    /** One to five messages: random binary, random text, or long runs of zeros (which compress hugely). */
    private static List<Message> messages(Random random) {
        List<Message> messages = new ArrayList<>();
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            byte[] payload = switch (random.nextInt(3)) {
                case 0 -> bytes(random, random.nextInt(3001));
                case 1 -> text(random, random.nextInt(801)).getBytes(StandardCharsets.UTF_8);
                default -> new byte[random.nextInt(100_001)];
            };
            List<Integer> cuts = new ArrayList<>();
            for (int c = random.nextInt(4); c > 0; c--) {
                cuts.add(random.nextInt(200_001));
            }
            messages.add(new Message(random.nextBoolean() && isUtf8(payload), payload, cuts));
        }
        return messages;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text from ASCII, Latin, CJK and emoji code points. */
    private static String text(Random random, int length) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x4e00, 0x9fff}, {0x1f300, 0x1f64f}};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return text.toString();
    }

    private static boolean isUtf8(byte[] bytes) {
        return Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackWhatTheWriterWrote() {
        forEachSeed(random -> {
            List<Message> messages = messages(random);
            boolean compressed = random.nextBoolean();
            boolean masked = random.nextBoolean();
            byte[] wire = write(messages, compressed, masked);
            Side side = new Side(random.nextInt(6));
            FrameReader reader = new FrameReader(masked, false, compressed ? new MessageInflater(false) : null, true);
            try {
                feed(reader, side, wire, 1 + random.nextInt(70_000));
            } catch (ProtocolException e) {
                throw new AssertionError("a valid stream was refused: " + e.getMessage() + " " + messages, e);
            } finally {
                reader.end();
            }
            assertEquals(messages.size(), side.messages.size(), messages.toString());
            for (int i = 0; i < messages.size(); i++) {
                assertEquals(messages.get(i).text(), side.texts.get(i), "kind of message " + i);
                assertArrayEquals(messages.get(i).payload(), side.messages.get(i), "bytes of message " + i);
            }
            assertTrue(side.mostHeld <= HELD_BOUND, "held " + side.mostHeld + " bytes");
        });
    }

    @Test
    void randomBytesOnlyEverFailAsAProtocolError() {
        forEachSeed(random -> attack(bytes(random, random.nextInt(4001)), random.nextBoolean(),
                1 + random.nextInt(5000)));
    }

    @Test
    void mutatedStreamsOnlyEverFailAsAProtocolErrorWithinTheBounds() {
        forEachSeed(random -> {
            boolean masked = random.nextBoolean();
            byte[] wire = write(messages(random), true, masked);
            for (int n = 1 + random.nextInt(6); n > 0 && wire.length > 0; n--) {
                int at = random.nextInt(wire.length);
                wire[at] = random.nextBoolean() ? (byte) random.nextInt(256)
                        : (byte) (wire[at] ^ (1 << random.nextInt(8)));
            }
            attack(wire, masked, 1 + random.nextInt(70_000));
        });
    }

    /** Feeds hostile bytes to a reader with every limit on: a protocol close is the only failure allowed. */
    private static void attack(byte[] wire, boolean masked, int readSize) {
        long limit = 64 * 1024;
        Side side = new Side(3);
        side.limit = limit;
        FrameReader reader = new FrameReader(masked, masked, new MessageInflater(false), true);
        reader.limitMessages(limit);
        reader.limitControlFrames(ControlFrameRate.standard());
        try {
            feed(reader, side, wire, readSize);
        } catch (ProtocolException e) {
            assertTrue(e.closeCode() >= 1002 && e.closeCode() <= 1009, "close code " + e.closeCode());
        } finally {
            reader.end();
        }
        assertTrue(side.mostHeld <= HELD_BOUND, "held " + side.mostHeld + " bytes");
        assertEquals(0, side.alloc.metric().usedHeapMemory(), "everything the reader allocated was released");
    }

    /** Writes messages as a peer would: fragments, compressed with permessage-deflate or not, masked or not. */
    private static byte[] write(List<Message> messages, boolean compressed, boolean masked) {
        MessageDeflater deflater = compressed ? new MessageDeflater(false) : null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int mask = 0x1234567;
        for (Message message : messages) {
            List<byte[]> fragments = fragments(message);
            for (int i = 0; i < fragments.size(); i++) {
                boolean first = i == 0;
                boolean last = i == fragments.size() - 1;
                int opcode = first ? (message.text() ? FrameReader.OP_TEXT : FrameReader.OP_BINARY)
                        : FrameReader.OP_CONTINUATION;
                byte[] payload = fragments.get(i);
                if (deflater != null) {
                    ByteBuf deflated = deflater.deflate(ByteBuffer.wrap(payload), last, TestFrames.ALLOC);
                    payload = TestFrames.readAll(deflated);
                    deflated.release();
                }
                int rsv = deflater != null && first ? FrameReader.RSV1 : 0;
                if (masked) {
                    out.writeBytes(TestFrames.frame(last, rsv, opcode, payload, mask += 0x9e3779b9));
                } else {
                    ByteBuf body = Unpooled.wrappedBuffer(payload);
                    ByteBuf header = FrameWriter.frame(TestFrames.ALLOC, opcode, last, rsv, body);
                    out.writeBytes(TestFrames.readAll(header));
                    if (!FrameWriter.inlined(body)) {
                        out.writeBytes(payload);
                    }
                    header.release();
                }
            }
        }
        if (deflater != null) {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static List<byte[]> fragments(Message message) {
        List<byte[]> fragments = new ArrayList<>();
        int from = 0;
        for (int cut : message.cuts().stream().map(c -> Math.min(c, message.payload().length)).sorted().toList()) {
            fragments.add(Arrays.copyOfRange(message.payload(), from, Math.max(from, cut)));
            from = Math.max(from, cut);
        }
        fragments.add(Arrays.copyOfRange(message.payload(), from, message.payload().length));
        return fragments;
    }

    /**
     * Feeds {@code wire} a read at a time (at most 2000 reads, to keep tries quick), reading again while the reader
     * stopped for the other side.
     */
    private static void feed(FrameReader reader, Side side, byte[] wire, int readSize) throws ProtocolException {
        int step = Math.max(readSize, wire.length / 2000);
        ByteBuf in = Unpooled.buffer();
        try {
            for (int from = 0; from < wire.length; from += step) {
                in.writeBytes(wire, from, Math.min(step, wire.length - from));
                while (reader.read(in, side.alloc, side)) {
                    in.discardReadBytes();
                }
            }
        } finally {
            in.release();
        }
    }

    /** The other side: collects messages, stops the reader every few pieces, records the most bytes held. */
    private static final class Side extends TestFrames.Recorder {
        final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        final List<byte[]> messages = new ArrayList<>();
        final List<Boolean> texts = new ArrayList<>();
        private final int pauseEvery;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int pieces;
        long mostHeld;
        long limit;

        Side(int pauseEvery) {
            this.pauseEvery = pauseEvery;
        }

        @Override
        public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
            mostHeld = Math.max(mostHeld, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory());
            pieces++;
            if (first) {
                current.reset();
                texts.add(text);
            }
            byte[] bytes = TestFrames.xor(TestFrames.readAll(piece), mask);
            piece.release();
            current.writeBytes(bytes);
            if (limit > 0) {
                assertTrue(current.size() <= limit, "a message of " + current.size() + " bytes crossed");
            }
            if (last) {
                messages.add(current.toByteArray());
            }
        }

        @Override
        public boolean mayContinue() {
            return pauseEvery == 0 || pieces % pauseEvery != 0;
        }
    }
}
