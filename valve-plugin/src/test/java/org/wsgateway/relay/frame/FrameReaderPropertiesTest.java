package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Properties of {@link FrameReader}, checked with QuickTheories from a fixed seed on {@value #EXAMPLES} examples each
 * ({@value #RANDOM_EXAMPLES} of plain random bytes, which are quick; a failure is shrunk to a small falsifying example
 * and names the seed), over frame streams made by {@link FrameWriter} and {@link MessageDeflater}: what is written is
 * read back as the same messages however the bytes are cut into reads and however often the other side pauses the
 * reader, with everything the reader allocated released; and random or mutated streams never make it throw anything
 * but a {@link ProtocolException} with a protocol close code, nor hand on a message over its limit, nor hold more
 * than two inflated chunks at a time, nor keep anything it allocated.
 */
class FrameReaderPropertiesTest {

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final int EXAMPLES = 500;
    private static final int RANDOM_EXAMPLES = 5000;
    private static final int SHRINK_CYCLES = 400;
    private static final long HELD_BOUND = 2L * MessageInflater.CHUNK;

    /** A message as the writer is given it: its kind, bytes and where it is cut into fragments. */
    record Message(boolean text, byte[] payload, List<Integer> cuts) {
        @Override
        public String toString() {
            return (text ? "text" : "binary") + "[" + describe(payload) + ", cuts " + cuts + "]";
        }
    }

    /** How the stream reaches the reader: bytes per read, and how many pieces the other side takes between pauses. */
    record Reading(int readSize, int pauseEvery) {
        @Override
        public String toString() {
            return "reads of " + readSize + " bytes, " + (pauseEvery == 0 ? "no pause" : "a pause every " + pauseEvery);
        }
    }

    /** One change to a written stream: byte {@code at} set to {@code value}, or its bit {@code value} flipped. */
    record Mutation(int at, boolean replace, int value) {
        void applyTo(byte[] wire) {
            wire[at] = replace ? (byte) value : (byte) (wire[at] ^ (1 << value));
        }

        @Override
        public String toString() {
            return "byte " + at + (replace ? " = " + value : " ^ bit " + value);
        }
    }

    /** A written stream of compressed messages with one to six of its bytes changed. */
    record MutatedStream(List<Message> messages, boolean masked, List<Mutation> mutations, byte[] wire) {
        @Override
        public String toString() {
            return (masked ? "masked " : "unmasked ") + messages + " with " + mutations + " (" + wire.length
                    + " bytes)";
        }
    }

    private static QuickTheory theory(int examples) {
        return qt().withFixedSeed(SEED).withExamples(examples).withShrinkCycles(SHRINK_CYCLES);
    }

    @Test
    void readsBackWhatTheWriterWrote() {
        theory(EXAMPLES).forAll(messages(), flags("compressed", "uncompressed"), flags("masked", "unmasked"),
                readings(70_000)).checkAssert(FrameReaderPropertiesTest::readBack);
    }

    @Test
    void randomBytesOnlyEverFailAsAProtocolError() {
        theory(RANDOM_EXAMPLES).forAll(randomBytes(4000).describedAs(FrameReaderPropertiesTest::describe),
                flags("masked", "unmasked"), integers().between(1, 5000))
                .checkAssert(FrameReaderPropertiesTest::attack);
    }

    @Test
    void mutatedStreamsOnlyEverFailAsAProtocolErrorWithinTheBounds() {
        theory(EXAMPLES).forAll(mutatedStreams(), integers().between(1, 70_000))
                .checkAssert((stream, readSize) -> attack(stream.wire(), stream.masked(), readSize));
    }

    /** Writes messages as a peer would and reads them back as they were, within the bounds, releasing everything. */
    private static void readBack(List<Message> messages, boolean compressed, boolean masked, Reading reading) {
        byte[] wire = write(messages, compressed, masked);
        Side side = new Side(reading.pauseEvery());
        FrameReader reader = new FrameReader(masked, false, compressed ? new MessageInflater(false) : null, true);
        try {
            feed(reader, side, wire, reading.readSize());
        } catch (ProtocolException e) {
            throw new AssertionError("a valid stream was refused: " + e.getMessage(), e);
        } finally {
            reader.end();
        }
        assertEquals(messages.size(), side.messages.size(), "messages read");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(messages.get(i).text(), side.texts.get(i), "kind of message " + i);
            assertArrayEquals(messages.get(i).payload(), side.messages.get(i), "bytes of message " + i);
        }
        assertTrue(side.mostHeld <= HELD_BOUND, "held " + side.mostHeld + " bytes");
        assertEquals(0, side.alloc.metric().usedHeapMemory(), "everything the reader allocated was released");
    }

    /** One to five messages: random binary, random text, or long runs of zeros (which compress hugely). */
    private static Gen<List<Message>> messages() {
        Gen<byte[]> payloads = integers().between(0, 2).flatMap(kind -> switch (kind) {
            case 0 -> randomBytes(3000);
            case 1 -> text(800).map(text -> text.getBytes(StandardCharsets.UTF_8));
            default -> integers().between(0, 100_000).map(byte[]::new);
        });
        Gen<List<Integer>> cuts = lists().of(integers().between(0, 200_000)).ofSizeBetween(0, 3);
        Gen<Message> message = payloads.zip(cuts, booleans().all(),
                (payload, cutsAt, text) -> new Message(text && isUtf8(payload), payload, cutsAt));
        return lists().of(message).ofSizeBetween(1, 5);
    }

    /**
     * Up to {@code maxLength} random bytes, drawn as a length and a seed: few draws for the shrinker to work on, and a
     * shorter length keeps the bytes of a longer one, so a failing stream shrinks to its shortest failing prefix.
     */
    private static Gen<byte[]> randomBytes(int maxLength) {
        return integers().between(0, maxLength).zip(longs().all(), (length, seed) -> {
            byte[] bytes = new byte[length];
            new Random(seed).nextBytes(bytes);
            return bytes;
        });
    }

    /** Text of up to {@code maxLength} code points from ASCII, Latin, CJK and emoji, drawn as a length and a seed. */
    private static Gen<String> text(int maxLength) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x4e00, 0x9fff}, {0x1f300, 0x1f64f}};
        return integers().between(0, maxLength).zip(longs().all(), (length, seed) -> {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int[] range = ranges[random.nextInt(ranges.length)];
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            return text.toString();
        });
    }

    private static Gen<Reading> readings(int maxReadSize) {
        return integers().between(1, maxReadSize).zip(integers().between(0, 5), Reading::new);
    }

    private static Gen<Boolean> flags(String yes, String no) {
        return booleans().all().describedAs(flag -> flag ? yes : no);
    }

    /** Compressed messages written as a peer would, then changed in one to six places anywhere in the stream. */
    private static Gen<MutatedStream> mutatedStreams() {
        Gen<List<Message>> messages = messages();
        Gen<Boolean> masks = booleans().all();
        return in -> {
            List<Message> written = messages.generate(in);
            boolean masked = masks.generate(in);
            byte[] wire = write(written, true, masked);
            Gen<Mutation> mutation = integers().between(0, wire.length - 1).zip(booleans().all(),
                    integers().between(0, 255), integers().between(0, 7),
                    (at, replace, value, bit) -> new Mutation(at, replace, replace ? value : bit));
            List<Mutation> mutations = lists().of(mutation).ofSizeBetween(1, 6).generate(in);
            for (Mutation change : mutations) {
                change.applyTo(wire);
            }
            return new MutatedStream(written, masked, mutations, wire);
        };
    }

    private static boolean isUtf8(byte[] bytes) {
        return Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    /** Short enough for a falsification report: the length, and the bytes themselves if there are few. */
    private static String describe(byte[] bytes) {
        boolean few = bytes.length > 0 && bytes.length <= 32;
        return bytes.length + " bytes" + (few ? " " + HexFormat.ofDelimiter(" ").formatHex(bytes) : "");
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
     * Feeds {@code wire} a read at a time (at most 2000 reads, to keep examples quick), reading again while the reader
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
