package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.wsgateway.relay.frame.TestFrames.pattern;
import static org.wsgateway.relay.frame.TestFrames.readAll;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** What a kept piece costs: a small one sharing a large read buffer is copied, so the read buffer can go. */
class FrameReaderUnpinnedTest {

    @Test
    void aSmallSliceIsCopiedAndLetsItsBufferGo() {
        ByteBuf read = Unpooled.directBuffer(65536).writeBytes(pattern(3000));
        ByteBuf piece = read.readRetainedSlice(100);
        read.release();

        ByteBuf kept = FrameReader.unpinned(piece);

        assertNotSame(piece, kept);
        assertEquals(0, read.refCnt(), "the read buffer is freed once the slice is copied");
        assertNull(kept.unwrap());
        byte[] expected = new byte[100];
        System.arraycopy(pattern(3000), 0, expected, 0, 100);
        assertArrayEquals(expected, readAll(kept));
        kept.release();
    }

    @Test
    void largeSlicesAndBuffersOfTheirOwnStayAsTheyAre() {
        ByteBuf read = Unpooled.buffer(8192).writeBytes(pattern(4096));
        ByteBuf large = read.readRetainedSlice(2048);
        assertSame(large, FrameReader.unpinned(large));
        large.release();
        read.release();

        ByteBuf own = Unpooled.buffer(10).writeBytes(pattern(10));
        assertSame(own, FrameReader.unpinned(own));
        own.release();
    }
}
