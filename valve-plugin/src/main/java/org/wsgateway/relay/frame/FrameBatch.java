package org.wsgateway.relay.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;

/**
 * Small frames for one channel gathered into one buffer per read batch: a read of many small messages becomes one
 * write to the channel and one flush, instead of a write (a buffer, a walk down the pipeline, an entry in Netty's
 * outbound buffer) per message. Frames with a payload over {@link FrameWriter#INLINE_PAYLOAD} are written as they
 * are, behind what was gathered. The event loop of the channel is the only thread that may use a batch.
 */
public final class FrameBatch {

    /** A batch this large is written at once, so backpressure sees what was gathered (Netty counts what it holds). */
    static final int MAX_BYTES = 32 * 1024;
    private static final int FIRST_CAPACITY = 4096;

    /**
     * The allocator of both legs' channels, so of what they read and of their batches: Netty's pooled one, with a
     * cache per event loop. Netty 4.2's default (adaptive) allocator copied each small frame into a batch through
     * two {@code ByteBuffer} views; the pooled one copies memory to memory. Measured with the shared harness, 6
     * rounds interleaved: proxy CPU per 128 B text round trip 1.95 against 2.13 us, binary 1.98 against 2.05.
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private final Channel channel;
    private ByteBuf pending;

    public FrameBatch(Channel channel) {
        this.channel = channel;
    }

    /** The buffer to write a frame of {@code bytes} into, behind those already gathered. */
    public ByteBuf room(int bytes) {
        ByteBuf out = pending;
        if (out != null && out.writerIndex() + bytes > MAX_BYTES) {
            emit();
            out = null;
        }
        if (out == null) {
            out = channel.alloc().directBuffer(Math.max(FIRST_CAPACITY, bytes));
            pending = out;
        }
        return out;
    }

    /** Writes what was gathered to the channel (without flushing), so that what is written next goes behind it. */
    public void emit() {
        ByteBuf out = pending;
        if (out != null) {
            pending = null;
            channel.write(out, channel.voidPromise());
        }
    }

    /** Writes what was gathered and flushes the channel. */
    public void flush() {
        emit();
        channel.flush();
    }

    /** Drops what was gathered (the channel is gone). */
    public void release() {
        ByteBuf out = pending;
        if (out != null) {
            pending = null;
            out.release();
        }
    }
}
