package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.TestFrames.ALLOC;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.pattern;
import static org.wsgateway.relay.frame.TestFrames.readAll;
import static org.wsgateway.relay.frame.TestFrames.utf8;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    private static byte[] frame(int opcode, boolean fin, int rsv, byte[] payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        ByteBuf out = FrameWriter.frame(ALLOC, opcode, fin, rsv, in);
        try {
            assertEquals(1, in.refCnt(), "the payload stays the caller's to release");
            assertEquals(0, in.readerIndex(), "the payload is not consumed");
            return readAll(out);
        } finally {
            out.release();
            in.release();
        }
    }

    @Test
    void writesSevenBitLengthsWithTheSmallPayloadBehindThem() {
        assertArrayEquals(bytes(0x82, 0), frame(FrameReader.OP_BINARY, true, 0, new byte[0]));
        byte[] payload = pattern(125);
        assertArrayEquals(concat(bytes(0x81, 125), payload), frame(FrameReader.OP_TEXT, true, 0, payload));
    }

    @Test
    void writesSixteenBitLengths() {
        byte[] payload = pattern(126);
        assertArrayEquals(concat(bytes(0x82, 126, 0, 126), payload), frame(FrameReader.OP_BINARY, true, 0, payload));
        assertArrayEquals(bytes(0x82, 126, 0xff, 0xff), frame(FrameReader.OP_BINARY, true, 0, new byte[65535]),
                "a large payload is left out of the header buffer");
    }

    @Test
    void writesSixtyFourBitLengths() {
        assertArrayEquals(bytes(0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0),
                frame(FrameReader.OP_BINARY, true, 0, new byte[65536]));
    }

    @Test
    void inlinesPayloadsUpToTheInlineLimitOnly() {
        assertEquals(4 + FrameWriter.INLINE_PAYLOAD,
                frame(FrameReader.OP_BINARY, true, 0, new byte[FrameWriter.INLINE_PAYLOAD]).length);
        assertEquals(4, frame(FrameReader.OP_BINARY, true, 0, new byte[FrameWriter.INLINE_PAYLOAD + 1]).length);
        assertTrue(FrameWriter.inlined(Unpooled.wrappedBuffer(new byte[FrameWriter.INLINE_PAYLOAD])));
        assertFalse(FrameWriter.inlined(Unpooled.wrappedBuffer(new byte[FrameWriter.INLINE_PAYLOAD + 1])));
    }

    @Test
    void setsFinRsvAndOpcodeBits() {
        assertEquals(0x41, frame(FrameReader.OP_TEXT, false, FrameReader.RSV1, bytes(1))[0] & 0xff);
        assertEquals(0x80, frame(FrameReader.OP_CONTINUATION, true, 0, bytes(1))[0] & 0xff);
        assertEquals(0x00, frame(FrameReader.OP_CONTINUATION, false, 0, bytes(1))[0] & 0xff);
        assertEquals(0x89, frame(FrameReader.OP_PING, true, 0, bytes(1))[0] & 0xff);
        assertEquals(0x88, frame(FrameReader.OP_CLOSE, true, 0, bytes(1))[0] & 0xff);
        assertEquals(0xc2, frame(FrameReader.OP_BINARY, true, FrameReader.RSV1, bytes(1))[0] & 0xff);
    }

    @Test
    void writesACloseCodeAndReason() {
        ByteBuf payload = FrameWriter.closePayload(ALLOC, 4001, "done");
        try {
            assertArrayEquals(concat(bytes(0x0f, 0xa1), utf8("done")), readAll(payload));
        } finally {
            payload.release();
        }
    }

    @Test
    void cutsALongReasonSoTheClosePayloadFitsAControlFrame() {
        ByteBuf payload = FrameWriter.closePayload(ALLOC, 1000, "€".repeat(60));
        try {
            assertEquals(2 + 41 * 3, payload.readableBytes());
            assertEquals("€".repeat(41), payload.toString(2, payload.readableBytes() - 2, StandardCharsets.UTF_8));
        } finally {
            payload.release();
        }
    }

    @Test
    void writesAnEmptyClosePayloadForNoStatus() {
        ByteBuf payload = FrameWriter.closePayload(ALLOC, CloseCodes.NO_STATUS, "ignored");
        try {
            assertEquals(0, payload.readableBytes());
        } finally {
            payload.release();
        }
    }
}
