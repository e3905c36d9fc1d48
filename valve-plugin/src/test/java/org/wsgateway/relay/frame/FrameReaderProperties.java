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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link FrameReader} over frame streams made by {@link FrameWriter} and {@link MessageDeflater}: what
 * is written is read back as the same messages however the bytes are cut into reads and however often the other
 * side pauses the reader; and random or mutated streams never make it throw anything but a {@link ProtocolException}
 * nor hold more than two inflated chunks at a time.
 */
class FrameReaderProperties {

    private static final int TRIES = 150;
    private static final long HELD_BOUND = 2L * MessageInflater.CHUNK;

    /** A message as the writer is given it: its kind, bytes and where it is cut into fragments. */
    record Message(boolean text, byte[] payload, List<Integer> cuts) {
        @Override
        public String toString() {
            return (text ? "text" : "binary") + "[" + payload.length + " bytes, cuts " + cuts + "]";
        }
    }

    @Provide
    Arbitrary<List<Message>> messages() {
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(800).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> repetitive = Arbitraries.integers().between(0, 100_000).map(byte[]::new);
        Arbitrary<Boolean> isText = Arbitraries.of(true, false);
        return Combinators.combine(isText, Arbitraries.oneOf(binary, text, repetitive),
                Arbitraries.integers().between(0, 200_000).list().ofMaxSize(3))
                .as((t, bytes, cuts) -> new Message(t && isUtf8(bytes), bytes, cuts)).list().ofMinSize(1).ofMaxSize(5);
    }

    private static boolean isUtf8(byte[] bytes) {
        return Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = TRIES)
    void readsBackWhatTheWriterWrote(@ForAll("messages") List<Message> messages, @ForAll boolean compressed,
            @ForAll boolean masked, @ForAll @IntRange(min = 1, max = 70_000) int readSize,
            @ForAll @IntRange(min = 0, max = 5) int pauseEvery) throws Exception {
        byte[] wire = write(messages, compressed, masked);
        Side side = new Side(pauseEvery);
        FrameReader reader = new FrameReader(masked, false, compressed ? new MessageInflater(false) : null, true);
        try {
            feed(reader, side, wire, readSize);
        } finally {
            reader.end();
        }

        assertEquals(messages.size(), side.messages.size());
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(messages.get(i).text(), side.texts.get(i), "kind of message " + i);
            assertArrayEquals(messages.get(i).payload(), side.messages.get(i), "bytes of message " + i);
        }
        assertTrue(side.mostHeld <= HELD_BOUND, "held " + side.mostHeld + " bytes");
    }

    @Property(tries = TRIES)
    void randomBytesOnlyEverFailAsAProtocolError(@ForAll @Size(max = 4000) byte[] wire, @ForAll boolean masked,
            @ForAll @IntRange(min = 1, max = 5000) int readSize) {
        attack(wire, masked, readSize);
    }

    @Property(tries = TRIES)
    void mutatedStreamsOnlyEverFailAsAProtocolErrorWithinTheBounds(@ForAll("messages") List<Message> messages,
            @ForAll boolean masked, @ForAll("mutations") List<int[]> mutations,
            @ForAll @IntRange(min = 1, max = 70_000) int readSize) {
        byte[] wire = write(messages, true, masked);
        for (int[] m : mutations) {
            if (wire.length > 0) {
                int at = Math.floorMod(m[0], wire.length);
                wire[at] = m[1] == 0 ? (byte) m[2] : (byte) (wire[at] ^ (1 << (m[2] & 7)));
            }
        }
        attack(wire, masked, readSize);
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 255)).as((at, kind, value) -> new int[] {at, kind, value})
                .list().ofMinSize(1).ofMaxSize(6);
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
