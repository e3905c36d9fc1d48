package org.wsgateway.relay.frame;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Compresses messages with permessage-deflate (RFC 7692), one fragment at a time, so a message is compressed as it
 * streams. One per connection and direction. Safe against {@link #end()} from another thread: once ended, it
 * compresses nothing (the connection is over).
 */
public final class MessageDeflater {

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final boolean noContextTakeover;
    private boolean ended;

    /** @param noContextTakeover reset the compression context after each message */
    public MessageDeflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /**
     * Compresses one fragment. The returned buffer is the fragment's payload; on the last fragment of a message the
     * trailing {@code 00 00 ff ff} is removed as RFC 7692 requires.
     */
    public synchronized ByteBuf deflate(ByteBuffer input, boolean last, ByteBufAllocator alloc) {
        if (ended) {
            return alloc.heapBuffer(0);
        }
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
    /** Compresses a piece of a message and frees it: the payload of its frame (whose RSV1 marks a first piece). */
    public ByteBuf deflatePiece(ByteBuf piece, boolean last, ByteBufAllocator alloc) {
        try {
            return deflate(piece.nioBuffer(), last, alloc);
        } finally {
            piece.release();
        }
    }

    public synchronized void end() {
        ended = true;
        deflater.end();
    }
}
