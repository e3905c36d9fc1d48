package org.wsgateway.relay.frame;

import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

/**
 * Checks UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) as text arrives in pieces, so an
 * invalid message fails at the first bad byte. The DFA is Björn Höhrmann's well-known table-driven decoder.
 */
final class Utf8Validator {

    static final int ACCEPT = 0;
    static final int REJECT = 12;
    private static final long ASCII_MASK = 0x8080808080808080L;
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private static final byte[] TYPES = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        8, 8, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        10, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3, 11, 6, 6, 6, 5, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};

    private static final byte[] STATES = {
        0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
        12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12};

    private int state = ACCEPT;

    /**
     * Feeds bytes that are XORed with {@code mask} (repeated from the first byte, big-endian; 0 for plain bytes),
     * without changing them; returns false as soon as they cannot be UTF-8.
     */
    boolean update(ByteBuf bytes, int mask) {
        long mask8 = ((mask & 0xffffffffL) << 32) | (mask & 0xffffffffL);
        int s = state;
        int start = bytes.readerIndex();
        int i = start;
        int end = bytes.writerIndex();
        while (i < end && s != REJECT) {
            // Runs of ASCII, eight bytes at a time, between characters (8 keeps the mask aligned).
            if (s == ACCEPT && ((i - start) & 7) == 0) {
                i = asciiRun(bytes, i, end, mask8);
                if (i == end) {
                    break;
                }
            }
            int b = bytes.getByte(i) ^ (mask >>> (24 - 8 * ((i - start) & 3)));
            i++;
            if ((b & 0x80) != 0 || s != ACCEPT) {
                s = STATES[s + TYPES[b & 0xff]];
            }
        }
        state = s;
        return s != REJECT;
    }

    /**
     * Skips whole eight-byte runs of ASCII from {@code i}; returns where the run ends. A buffer with a memory
     * address is read from memory directly (in native byte order, so the mask is too): the checked reads of a slice
     * cost more than the check itself.
     */
    private static int asciiRun(ByteBuf bytes, int i, int end, long mask8) {
        if (bytes.hasMemoryAddress()) {
            long address = bytes.memoryAddress();
            long mask = NATIVE_BIG_ENDIAN ? mask8 : Long.reverseBytes(mask8);
            while (i + 8 <= end && ((PlatformDependent.getLong(address + i) ^ mask) & ASCII_MASK) == 0) {
                i += 8;
            }
            return i;
        }
        while (i + 8 <= end && ((bytes.getLong(i) ^ mask8) & ASCII_MASK) == 0) {
            i += 8;
        }
        return i;
    }

    /** Whether the bytes so far end on a character boundary; resets for the next message. */
    boolean complete() {
        boolean ok = state == ACCEPT;
        state = ACCEPT;
        return ok;
    }
}
