package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.pattern;
import static org.wsgateway.relay.frame.TestFrames.readAll;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FrameBatchTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final FrameBatch batch = new FrameBatch(channel);

    private void small(int opcode, byte[] payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        FrameWriter.frame(batch, opcode, true, 0, in);
        assertEquals(1, in.refCnt(), "the payload stays the caller's");
        in.release();
    }

    @Test
    void smallFramesOfOneReadBatchBecomeOneWrite() {
        small(FrameReader.OP_TEXT, pattern(3));
        small(FrameReader.OP_BINARY, pattern(2));
        assertNull(channel.readOutbound(), "nothing is written before the flush");

        batch.flush();
        ByteBuf written = channel.readOutbound();
        assertArrayEquals(concat(bytes(0x81, 3), pattern(3), bytes(0x82, 2), pattern(2)), readAll(written));
        written.release();
        assertNull(channel.readOutbound(), "one write for both frames");
    }

    @Test
    void whatIsWrittenNextGoesBehindWhatWasGathered() {
        small(FrameReader.OP_TEXT, pattern(1));
        batch.emit();
        channel.write(Unpooled.wrappedBuffer(bytes(0x89, 0)));
        small(FrameReader.OP_BINARY, pattern(1));
        batch.flush();

        assertArrayEquals(concat(bytes(0x81, 1), pattern(1)), readAll(channel.readOutbound()));
        assertArrayEquals(bytes(0x89, 0), readAll(channel.readOutbound()));
        assertArrayEquals(concat(bytes(0x82, 1), pattern(1)), readAll(channel.readOutbound()));
    }

    @Test
    void aFullBatchIsWrittenBeforeItGrowsPastItsBound() {
        int frames = FrameBatch.MAX_BYTES / (FrameWriter.INLINE_PAYLOAD + 4) + 1;
        for (int i = 0; i < frames; i++) {
            small(FrameReader.OP_BINARY, pattern(FrameWriter.INLINE_PAYLOAD));
        }
        channel.flush();
        ByteBuf first = channel.readOutbound();
        int gathered = first.readableBytes();
        first.release();
        assertNull(channel.readOutbound(), "the last frame is still gathered");
        assertEquals((frames - 1) * (FrameWriter.INLINE_PAYLOAD + 4), gathered,
                "written when the next frame would have taken it past " + FrameBatch.MAX_BYTES + " bytes");
        batch.flush();
        ByteBuf rest = channel.readOutbound();
        assertEquals(FrameWriter.INLINE_PAYLOAD + 4, rest.readableBytes());
        rest.release();
    }

    @Test
    void releaseDropsWhatWasGathered() {
        small(FrameReader.OP_TEXT, pattern(10));
        ByteBuf gathered = batch.room(0);
        batch.release();
        assertEquals(0, gathered.refCnt());
        batch.flush();
        assertNull(channel.readOutbound());
    }
}
