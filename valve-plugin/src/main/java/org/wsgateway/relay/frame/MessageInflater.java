package org.wsgateway.relay.frame;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Decompresses permessage-deflate messages (RFC 7692) from the backend as their bytes arrive, in chunks of at most
 * {@value #CHUNK} bytes, so a compressed message is never inflated whole. Used by one reader; safe against
 * {@link #end()} from another thread: once ended, it inflates nothing (the connection is over).
 */
public final class MessageInflater {

    public static final int CHUNK = 16 * 1024;
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Inflater inflater = new Inflater(true);
    private final boolean noContextTakeover;
    private boolean ended;
    private long messageBytes;

    /** @param noContextTakeover the backend resets its compression context after each message */
    public MessageInflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /**
     * Inflates one piece of a compressed message, adding each decompressed chunk to {@code out}. On the last piece,
     * at least one (possibly empty) chunk is added.
     */
    public synchronized void inflate(ByteBuf input, boolean last, ByteBufAllocator alloc, List<ByteBuf> out)
            throws DataFormatException {
        if (ended) {
            return;
        }
        int before = out.size();
        messageBytes += input.readableBytes();
        drain(input.nioBuffer(), alloc, out);
        if (last) {
            // An empty payload stands for an empty message (some senders omit the 0x00 of RFC 7692 7.2.3.6); the
            // tail would otherwise be read as a block of its own and corrupt the stream.
            if (messageBytes > 0) {
                drain(ByteBuffer.wrap(TAIL), alloc, out);
            }
            messageBytes = 0;
            if (out.size() == before) {
                out.add(alloc.heapBuffer(0));
            }
            if (noContextTakeover) {
                inflater.reset();
            }
        }
    }

    private void drain(ByteBuffer input, ByteBufAllocator alloc, List<ByteBuf> out) throws DataFormatException {
        inflater.setInput(input);
        while (true) {
            if (inflater.finished()) {
                // A block marked final ended the deflate stream (RFC 7692 section 7.2.3.4 allows it); what follows,
                // in this message or the next, is a new stream.
                inflater.reset();
                if (!input.hasRemaining()) {
                    return;
                }
                inflater.setInput(input);
            }
            ByteBuf chunk = alloc.heapBuffer(CHUNK);
            int n;
            try {
                n = inflater.inflate(chunk.array(), chunk.arrayOffset(), CHUNK);
            } catch (DataFormatException e) {
                chunk.release();
                throw e;
            }
            if (n == 0) {
                chunk.release();
                if (inflater.finished()) {
                    continue;
                }
                if (inflater.needsInput()) {
                    return;
                }
                throw new DataFormatException("inflater needs a dictionary");
            }
            chunk.writerIndex(n);
            out.add(chunk);
        }
    }

    /** Frees the native memory. */
    public synchronized void end() {
        ended = true;
        inflater.end();
    }
}
