package org.wsgateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class HeldTextTest {

    @Test
    void heldPiecesDoNotPinTheBuffersTheyWereReadInto() {
        HeldText held = new HeldText();
        ByteBuf read = Unpooled.directBuffer(65536).writeBytes("{\"a\":".getBytes(StandardCharsets.UTF_8));
        ByteBuf piece = read.readRetainedSlice(read.readableBytes());
        read.release();

        assertNull(held.add(ByteBufAllocator.DEFAULT, piece, false));
        assertEquals(0, read.refCnt(), "the 64 KiB read buffer is freed while the message is held");

        ByteBuf whole = held.add(ByteBufAllocator.DEFAULT, Unpooled.copiedBuffer("1}", StandardCharsets.UTF_8), true);
        assertEquals("{\"a\":1}", whole.toString(StandardCharsets.UTF_8));
        whole.release();
    }
}
