package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.FrameReader.OP_BINARY;
import static org.wsgateway.relay.frame.FrameReader.OP_CONTINUATION;
import static org.wsgateway.relay.frame.FrameReader.OP_PING;
import static org.wsgateway.relay.frame.FrameReader.OP_PONG;
import static org.wsgateway.relay.frame.FrameReader.RSV1;
import static org.wsgateway.relay.frame.TestFrames.MASK;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.feed;
import static org.wsgateway.relay.frame.TestFrames.frame;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.wsgateway.relay.frame.TestFrames.Recorder;

/** What a reader holds and hands on, whatever a peer sends: bombs, oversized messages, control frame floods. */
class FrameReaderBoundsTest {

    private static final byte[] BOMB = bomb(64 << 20);

    private static byte[] bomb(int zeros) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            return TestFrames.deflate(deflater, new byte[zeros]);
        } finally {
            deflater.end();
        }
    }

    /** Takes {@code allowed} pieces, then asks the reader to stop, recording the most bytes held at once. */
    private static class SlowSide extends Recorder {
        final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        int allowed;
        long pieces;
        long bytes;
        long mostHeld;

        @Override
        public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
            mostHeld = Math.max(mostHeld, alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory());
            pieces++;
            bytes += piece.readableBytes();
            allowed--;
            piece.release();
        }

        @Override
        public boolean mayContinue() {
            return allowed > 0;
        }
    }

    @Test
    void inflatesABombOnlyAsFastAsTheOtherSideTakesIt() throws Exception {
        FrameReader reader = new FrameReader(true, true, new MessageInflater(false), false);
        SlowSide side = new SlowSide();
        ByteBuf in = Unpooled.wrappedBuffer(frame(true, RSV1, OP_BINARY, BOMB, MASK));
        side.allowed = 3;

        assertTrue(reader.read(in, side.alloc, side));
        assertEquals(3, side.pieces, "three chunks were taken, and no more was inflated");
        assertTrue(reader.pending());
        assertTrue(side.mostHeld <= 2L * MessageInflater.CHUNK, "held " + side.mostHeld + " bytes");

        side.allowed = Integer.MAX_VALUE;
        reader.read(in, side.alloc, side);
        assertEquals(64L << 20, side.bytes, "the rest, once the other side takes more");
        assertTrue(side.mostHeld <= 2L * MessageInflater.CHUNK, "held " + side.mostHeld + " bytes");
        assertFalse(reader.pending());
        in.release();
        reader.end();
    }

    @Test
    void refusesABombWith1009OnceItsInflatedBytesPassTheLimit() {
        FrameReader reader = new FrameReader(true, true, new MessageInflater(false), false);
        reader.limitMessages(1 << 20);
        SlowSide side = new SlowSide();
        side.allowed = Integer.MAX_VALUE;
        ByteBuf in = Unpooled.wrappedBuffer(frame(true, RSV1, OP_BINARY, BOMB, MASK));

        ProtocolException e = assertThrows(ProtocolException.class, () -> reader.read(in, side.alloc, side));

        assertEquals(1009, e.closeCode());
        assertEquals("message larger than 1048576 bytes", e.getMessage());
        assertEquals(1 << 20, side.bytes, "everything up to the limit crossed, and not a byte more");
        assertEquals(0, side.alloc.metric().usedHeapMemory(), "nothing left held");
        in.release();
        reader.end();
    }

    @Test
    void countsAMessageAcrossItsFragmentsAgainstTheLimit() {
        FrameReader reader = new FrameReader(true, false, null, false);
        reader.limitMessages(10);
        Recorder recorder = new Recorder();
        byte[] wire = concat(frame(false, 0, OP_BINARY, new byte[6], MASK), frame(true, 0, OP_CONTINUATION,
                new byte[4], MASK), frame(false, 0, OP_BINARY, new byte[6], MASK), frame(true, 0, OP_CONTINUATION,
                new byte[5], MASK));

        assertEquals(1009, assertThrows(ProtocolException.class, () -> feed(reader, recorder, wire)).closeCode());
        assertEquals(3, recorder.data().size(), "the first message (10 bytes) and the next one's first fragment");
    }

    @Test
    void refusesAControlFrameFloodWith1008() {
        AtomicLong now = new AtomicLong();
        FrameReader reader = new FrameReader(true, false, null, false);
        reader.limitControlFrames(new ControlFrameRate(now::get));
        Recorder recorder = new Recorder();
        byte[] ping = frame(true, 0, OP_PING, new byte[0], MASK);
        byte[] burst = new byte[ping.length * ControlFrameRate.BURST];
        for (int i = 0; i < ControlFrameRate.BURST; i++) {
            System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
        }

        ProtocolException e = assertThrows(ProtocolException.class, () -> feed(reader, recorder,
                concat(burst, frame(true, 0, OP_PONG, new byte[0], MASK))));

        assertEquals(1008, e.closeCode());
        assertEquals("more than 100 control frames a second", e.getMessage());
        assertEquals(ControlFrameRate.BURST, recorder.events.size(), "the burst was answered, the frame after not");
    }

    @Test
    void takesControlFramesAtTheSustainedRate() throws Exception {
        AtomicLong now = new AtomicLong();
        FrameReader reader = new FrameReader(true, false, null, false);
        reader.limitControlFrames(new ControlFrameRate(now::get));
        Recorder recorder = new Recorder();
        byte[] ping = frame(true, 0, OP_PING, new byte[0], MASK);
        for (int i = 0; i < 10 * ControlFrameRate.BURST; i++) {
            now.addAndGet(TimeUnit.SECONDS.toNanos(1) / ControlFrameRate.PER_SECOND);
            feed(reader, recorder, ping);
        }
        assertEquals(10 * ControlFrameRate.BURST, recorder.events.size());
    }

    @Test
    void stopsAfterAControlFrameWhenTheOtherSideMayNotTakeMore() throws Exception {
        FrameReader reader = new FrameReader(true, false, null, false);
        SlowSide side = new SlowSide() {
            @Override
            public void onPing(ByteBuf payload) {
                super.onPing(payload);
                allowed--;
            }
        };
        side.allowed = 2;
        byte[] ping = frame(true, 0, OP_PING, new byte[0], MASK);
        ByteBuf in = Unpooled.wrappedBuffer(concat(ping, ping, ping, ping));

        reader.read(in, side.alloc, side);

        assertEquals(2, side.events.size(), "pings are not read while their answers cannot be sent");
        assertEquals(2 * ping.length, in.readableBytes());
        in.release();
    }
}
