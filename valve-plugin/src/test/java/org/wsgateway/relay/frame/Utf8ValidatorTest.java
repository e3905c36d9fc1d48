package org.wsgateway.relay.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wsgateway.relay.frame.TestFrames.MASK;
import static org.wsgateway.relay.frame.TestFrames.bytes;
import static org.wsgateway.relay.frame.TestFrames.concat;
import static org.wsgateway.relay.frame.TestFrames.utf8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8ValidatorTest {

    /**
     * Whether the bytes, fed whole with the given mask (0: plain), are a complete valid UTF-8 text: read from a heap
     * buffer, and from a slice of a direct buffer at an odd offset (read through its memory address); both agree.
     */
    private static boolean valid(byte[] plain, int mask) {
        byte[] wire = TestFrames.xor(plain.clone(), mask);
        ByteBuf heap = Unpooled.wrappedBuffer(wire);
        ByteBuf direct = Unpooled.directBuffer(wire.length + 3).writeBytes(new byte[3]).writeBytes(wire);
        try {
            boolean result = validate(heap, mask);
            ByteBuf slice = direct.slice(3, wire.length);
            assertTrue(slice.hasMemoryAddress());
            assertEquals(result, validate(slice, mask), "heap and direct agree");
            return result;
        } finally {
            heap.release();
            direct.release();
        }
    }

    private static boolean validate(ByteBuf buf, int mask) {
        Utf8Validator validator = new Utf8Validator();
        return validator.update(buf, mask) & validator.complete();
    }

    /** Checks plainly and masked; both must agree. */
    private static boolean valid(byte[] plain) {
        boolean result = valid(plain, 0);
        assertEquals(result, valid(plain, MASK), "masked and plain agree");
        assertEquals(result, valid(plain, 0xffffffff), "masked and plain agree");
        return result;
    }

    @Test
    void acceptsAsciiAndTwoThreeAndFourByteCharacters() {
        assertTrue(valid(utf8("plain ascii")));
        assertTrue(valid(utf8("é ß ж")));
        assertTrue(valid(utf8("€ 中文 \uffff")));
        assertTrue(valid(utf8("😀 \uD834\uDD1E")));
        assertTrue(valid(bytes(0xf4, 0x8f, 0xbf, 0xbf)), "U+10FFFF");
        assertTrue(valid(new byte[0]));
    }

    @Test
    void rejectsSurrogatesOverlongsAndCodePointsAboveTheMaximum() {
        assertFalse(valid(bytes(0xed, 0xa0, 0x80)), "surrogate U+D800");
        assertFalse(valid(bytes(0xed, 0xbf, 0xbf)), "surrogate U+DFFF");
        assertFalse(valid(bytes(0xc0, 0x80)), "overlong NUL");
        assertFalse(valid(bytes(0xc1, 0xbf)), "overlong 2-byte");
        assertFalse(valid(bytes(0xe0, 0x80, 0x80)), "overlong 3-byte");
        assertFalse(valid(bytes(0xf0, 0x80, 0x80, 0x80)), "overlong 4-byte");
        assertFalse(valid(bytes(0xf4, 0x90, 0x80, 0x80)), "above U+10FFFF");
        assertFalse(valid(bytes(0xff)), "never in UTF-8");
        assertFalse(valid(bytes(0x80)), "lone continuation byte");
        assertFalse(valid(bytes(0xe2, 0x82)), "truncated at the end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "😀"})
    void findsAMultiByteCharacterAtAnyOffsetOfALongAsciiRun(String character) {
        for (int offset = 0; offset <= 40; offset++) {
            byte[] text = utf8("a".repeat(offset) + character + "b".repeat(41 - offset));
            assertTrue(valid(text), "at offset " + offset);
        }
    }

    @Test
    void findsAnInvalidByteAtAnyOffsetOfALongAsciiRun() {
        for (int offset = 0; offset <= 40; offset++) {
            byte[] text = concat(utf8("a".repeat(offset)), bytes(0xc0, 0xaf), utf8("b".repeat(41 - offset)));
            assertFalse(valid(text), "at offset " + offset);
            byte[] truncated = concat(utf8("a".repeat(offset)), bytes(0xe2, 0x82), utf8("b".repeat(41 - offset)));
            assertFalse(valid(truncated), "truncated at offset " + offset);
        }
    }

    @Test
    void keepsTheMaskAlignedWhenSkippingAfterAMultiByteCharacter() {
        // After a 2- or 3-byte character the position is no longer a multiple of 4: a run checked eight bytes at a
        // time from there with the mask of the piece's first byte would unmask wrongly. These masks turn the eight
        // non-ASCII bytes below into apparent ASCII under such a shifted mask.
        int[] masks = {0x80800000, 0x00008080, 0x80000080, 0x00808000, 0x80008000, 0x00800080, MASK};
        for (String lead : new String[] {"é", "€", "a€", "ab€", "😀a", "éé", "é€"}) {
            for (int mask : masks) {
                byte[] invalid = concat(utf8(lead), bytes(0xc0, 0xaf, 0xc3, 0xa9, 0xc3, 0xa9, 0xc3, 0xa9),
                        utf8("z".repeat(16)));
                byte[] valid = concat(utf8(lead), bytes(0xc3, 0xa9, 0xc3, 0xa9, 0xc3, 0xa9, 0xc3, 0xa9),
                        utf8("z".repeat(16)));
                String where = lead + " mask " + Integer.toHexString(mask);
                assertFalse(valid(invalid, mask), where);
                assertTrue(valid(valid, mask), where);
            }
        }
    }

    @Test
    void carriesACharacterSplitAcrossPieces() {
        byte[] text = utf8("abcdefgh€ijklmnop😀");
        for (int cut = 0; cut <= text.length; cut++) {
            Utf8Validator validator = new Utf8Validator();
            ByteBuf first = Unpooled.wrappedBuffer(text, 0, cut);
            ByteBuf second = Unpooled.wrappedBuffer(text, cut, text.length - cut);
            assertTrue(validator.update(first, 0) && validator.update(second, 0) && validator.complete(), "cut " + cut);
            first.release();
            second.release();
        }
    }

    @Test
    void reportsAnUnfinishedCharacterOnlyAtCompletionAndThenStartsAfresh() {
        Utf8Validator validator = new Utf8Validator();
        ByteBuf unfinished = Unpooled.wrappedBuffer(bytes('a', 0xe2, 0x82));
        ByteBuf next = Unpooled.wrappedBuffer(utf8("next"));

        assertTrue(validator.update(unfinished, 0), "may still be completed");
        assertFalse(validator.complete());
        assertTrue(validator.update(next, 0) && validator.complete(), "the next message starts clean");
        unfinished.release();
        next.release();
    }

    @Test
    void leavesTheBytesItChecksUntouched() {
        byte[] masked = TestFrames.xor(utf8("unchanged text, twenty+ bytes"), MASK);
        ByteBuf buf = Unpooled.wrappedBuffer(masked.clone());

        assertTrue(new Utf8Validator().update(buf, MASK));
        assertEquals(Unpooled.wrappedBuffer(masked), buf);
        assertEquals(0, buf.readerIndex());
        buf.release();
    }
}
