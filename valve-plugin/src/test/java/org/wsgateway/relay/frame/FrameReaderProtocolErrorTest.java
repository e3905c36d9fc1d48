package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.FrameReader.OP_BINARY;
import static org.wsgateway.relay.frame.FrameReader.OP_CLOSE;
import static org.wsgateway.relay.frame.FrameReader.OP_CONTINUATION;
import static org.wsgateway.relay.frame.FrameReader.OP_PING;
import static org.wsgateway.relay.frame.FrameReader.OP_TEXT;
import static org.wsgateway.relay.frame.FrameReader.RSV1;
import static org.wsgateway.relay.frame.TestFrames.MASK;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.feed;
import static org.wsgateway.relay.frame.TestFrames.frame;
import static org.wsgateway.relay.frame.TestFrames.utf8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.wsgateway.relay.frame.TestFrames.Recorder;

class FrameReaderProtocolErrorTest {

    private final Recorder recorder = new Recorder();

    private int closeCodeOf(FrameReader reader, byte[] wire, int... cuts) {
        return assertThrows(ProtocolException.class, () -> feed(reader, recorder, wire, cuts)).closeCode();
    }

    private int asServer(byte[] wire, int... cuts) {
        return closeCodeOf(new FrameReader(true, false, null, true), wire, cuts);
    }

    private int asClient(byte[] wire) {
        return closeCodeOf(new FrameReader(false, false, null, true), wire);
    }

    @Test
    void rejectsADataFrameAboveTheFrameLimitWith1009ButNotControlFrames() {
        FrameReader reader = new FrameReader(true, false, null, true);
        reader.limitFrames(4);
        assertEquals(1009, closeCodeOf(reader, concat(frame(true, 0, OP_BINARY, bytes(1, 2, 3, 4), MASK),
                frame(true, 0, OP_PING, bytes(1, 2, 3, 4, 5), MASK), frame(true, 0, OP_BINARY, bytes(1, 2, 3, 4, 5),
                        MASK))));
        assertEquals(1, recorder.data().size(), "the frame within the limit was handed on");
    }

    @Test
    void rejectsInvalidUtf8Text() {
        assertEquals(1007, asClient(frame(true, 0, OP_TEXT, bytes(0xc0, 0xaf))), "overlong slash");
        assertEquals(1007, asClient(frame(true, 0, OP_TEXT, bytes('a', 0x80, 'b'))), "lone continuation byte");
        assertEquals(1007, asClient(frame(true, 0, OP_TEXT, bytes('a', 0xe2, 0x82))), "truncated at message end");
    }

    @Test
    void rejectsATextMessageThatEndsInsideACharacterAcrossFragments() {
        byte[] wire = concat(frame(false, 0, OP_TEXT, bytes('a', 0xe2)), frame(true, 0, OP_CONTINUATION, bytes(0x82)));

        assertEquals(1007, asClient(wire));
        assertEquals(1, recorder.data().size(), "the valid first fragment was handed on");
    }

    @Test
    void validatesUtf8OnBytesPassedOnMasked() {
        FrameReader reader = new FrameReader(true, true, null, true);

        assertEquals(1007, closeCodeOf(reader, frame(true, 0, OP_TEXT, bytes('x', 'y', 'z', 0xc0, 0xaf), MASK), 9));
        assertEquals(1, recorder.data().size(), "only the valid first piece was handed on");
        assertEquals(1007, closeCodeOf(new FrameReader(true, true, null, true),
                frame(true, 0, OP_TEXT, bytes(0xf0, 0x9f, 0x98), MASK)), "truncated 4-byte sequence");
    }

    @Test
    void leavesBinaryMessagesUnchecked() throws Exception {
        feed(new FrameReader(false, false, null, true), recorder, frame(true, 0, OP_BINARY, bytes(0xc0, 0xaf)));

        assertEquals(1, recorder.data().size());
    }

    @Test
    void rejectsMaskingThatDoesNotFitTheSide() {
        assertEquals(1002, asServer(frame(true, 0, OP_TEXT, utf8("unmasked"))));
        assertEquals(1002, asClient(frame(true, 0, OP_TEXT, utf8("masked"), MASK)));
    }

    @Test
    void rejectsReservedOpcodes() {
        assertEquals(1002, asClient(frame(true, 0, 3, bytes(1))), "reserved data opcode");
        assertEquals(1002, asClient(frame(true, 0, 0xB, bytes(1))), "reserved control opcode");
    }

    @Test
    void rejectsFragmentedOversizedAndFlaggedControlFrames() {
        assertEquals(1002, asClient(frame(false, 0, OP_PING, bytes(1))));
        assertEquals(1002, asClient(frame(true, 0, OP_PING, new byte[126])));
        assertEquals(1002, asClient(frame(true, RSV1, OP_PING, bytes(1))));
    }

    @Test
    void rejectsReservedBitsWithoutAnExtension() {
        assertEquals(1002, asClient(frame(true, RSV1, OP_TEXT, utf8("x"))), "RSV1 without an inflater");
        assertEquals(1002, closeCodeOf(new FrameReader(false, false, new MessageInflater(false), true),
                frame(true, 2, OP_BINARY, bytes(1))), "RSV2 even with an inflater");
    }

    @Test
    void rejectsAContinuationWithoutAMessage() {
        assertEquals(1002, asClient(frame(true, 0, OP_CONTINUATION, utf8("orphan"))));
    }

    @Test
    void rejectsANewMessageBeforeThePreviousOneEnded() {
        assertEquals(1002, asClient(concat(frame(false, 0, OP_TEXT, utf8("one")), frame(true, 0, OP_TEXT, utf8("two")))));
    }

    @Test
    void rejectsBadClosePayloads() {
        assertEquals(1002, asClient(frame(true, 0, OP_CLOSE, bytes(0x03))), "one-byte payload");
        assertEquals(1002, asClient(frame(true, 0, OP_CLOSE, bytes(0x03, 0xed))), "1005 on the wire");
        assertEquals(1002, asClient(frame(true, 0, OP_CLOSE, bytes(0x03, 0xee))), "1006 on the wire");
        assertEquals(1002, asClient(frame(true, 0, OP_CLOSE, bytes(0x03, 0xe7))), "999");
        assertEquals(1007, asClient(frame(true, 0, OP_CLOSE, bytes(0x03, 0xe8, 0xc0, 0xaf))), "reason not UTF-8");
    }

    @Test
    void rejectsANegativeSixtyFourBitLength() {
        byte[] wire = bytes(0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1);

        assertEquals(1002, asClient(wire));
    }

    @Test
    void skipsEverythingAfterAnError() {
        FrameReader reader = new FrameReader(false, false, null, true);
        assertThrows(ProtocolException.class, () -> feed(reader, recorder, frame(true, 0, 3, bytes(1))));

        ByteBuf in = Unpooled.wrappedBuffer(frame(true, 0, OP_BINARY, bytes(1, 2)));
        try {
            reader.read(in, TestFrames.ALLOC, recorder);
            assertEquals(0, in.readableBytes(), "the input was consumed");
            assertTrue(recorder.events.isEmpty(), "nothing was parsed after the error");
        } catch (ProtocolException e) {
            throw new AssertionError("a failed reader skips input silently", e);
        } finally {
            in.release();
        }
    }

    @Test
    void skipsTheRestOfTheInputThatHeldTheError() {
        byte[] wire = concat(frame(true, 0, OP_TEXT, bytes(0xff)), frame(true, 0, OP_BINARY, bytes(1)));
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            assertThrows(ProtocolException.class,
                    () -> new FrameReader(false, false, null, true).read(in, TestFrames.ALLOC, recorder));
            assertEquals(0, in.readableBytes());
            assertTrue(recorder.events.isEmpty());
        } finally {
            in.release();
        }
    }
}
