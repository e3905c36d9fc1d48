package org.wsgateway.relay.frame;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Compresses messages towards the backend with permessage-deflate (RFC 7692), one fragment at a time, so a message
 * is compressed as it streams. Not thread-safe: one per connection, used by one writer at a time.
 */
public final class MessageDeflater {

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final boolean noContextTakeover;

    /** @param noContextTakeover reset the compression context after each message */
    public MessageDeflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /**
     * Compresses one fragment. The returned buffer is the fragment's payload; on the last fragment of a message the
     * trailing {@code 00 00 ff ff} is removed as RFC 7692 requires.
     */
    public ByteBuf deflate(ByteBuffer input, boolean last, ByteBufAllocator alloc) {
        ByteBuf out = alloc.heapBuffer(input.remaining() + 64);
        deflater.setInput(input);
        while (true) {
            out.ensureWritable(Math.max(64, input.remaining() / 2));
            int space = out.writableBytes();
            int n = deflater.deflate(out.array(), out.arrayOffset() + out.writerIndex(), space, Deflater.SYNC_FLUSH);
            out.writerIndex(out.writerIndex() + n);
            if (n < space && deflater.needsInput()) {
                break;
            }
        }
        if (last) {
            if (out.readableBytes() >= 4 && out.getInt(out.writerIndex() - 4) == 0x0000ffff) {
                out.writerIndex(out.writerIndex() - 4);
            }
            if (out.readableBytes() == 0) {
                out.writeByte(0);
            }
            if (noContextTakeover) {
                deflater.reset();
            }
        }
        return out;
    }

    /** Frees the native memory. */
    public void end() {
        deflater.end();
    }
}
