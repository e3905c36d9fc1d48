package org.wsgateway.relay.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.netty.buffer.ByteBuf;

/** Unmasking client payload (RFC 6455 section 5.3) in place, eight bytes at a time. */
final class Masking {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {
    }

    /**
     * XORs the readable bytes of {@code buf} in place with the 4-byte {@code mask}, starting {@code offset} bytes into
     * the frame's payload.
     */
    static void unmask(ByteBuf buf, int mask, long offset) {
        int m = Integer.rotateLeft(mask, (int) (offset & 3) * 8);
        long m8 = ((m & 0xffffffffL) << 32) | (m & 0xffffffffL);
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int i = start;
        if (buf.hasArray()) {
            // Straight on the array: no bounds or reference-count checks per word.
            byte[] a = buf.array();
            int base = buf.arrayOffset();
            for (; i + 8 <= end; i += 8) {
                LONGS.set(a, base + i, (long) LONGS.get(a, base + i) ^ m8);
            }
            for (; i < end; i++) {
                a[base + i] ^= (byte) (m >>> (24 - 8 * ((i - start) & 3)));
            }
            return;
        }
        for (; i + 8 <= end; i += 8) {
            buf.setLong(i, buf.getLong(i) ^ m8);
        }
        for (; i < end; i++) {
            buf.setByte(i, buf.getByte(i) ^ (m >>> (24 - 8 * ((i - start) & 3))));
        }
    }
}
