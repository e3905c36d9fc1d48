package org.wsgateway.relay.frame;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Decompresses permessage-deflate messages (RFC 7692) as their bytes arrive, one chunk of at most {@value #CHUNK}
 * bytes per call, so the output of a compressed piece is produced only as fast as it is taken: a piece of a few
 * KiB that inflates to gigabytes (a decompression bomb) never holds more than two chunks at once. {@link #feed}
 * hands over a piece; {@link #inflate} is then called until it returns {@code null}. Used by one reader; safe
 * against {@link #end()} from another thread: once ended, it inflates nothing (the connection is over).
 */
public final class MessageInflater {

    public static final int CHUNK = 16 * 1024;
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Inflater inflater = new Inflater(true);
    private final boolean noContextTakeover;
    private boolean ended;
    private long messageBytes;
    /** The piece being inflated (retained), and its bytes not yet consumed by the inflater. */
    private ByteBuf input;
    private ByteBuffer remaining;
    private boolean last;
    private boolean tailFed;
    /** The chunk after the one last returned (the last piece of a message is inflated one chunk ahead). */
    private ByteBuf ahead;
    private boolean messageEnded;

    /** @param noContextTakeover the peer resets its compression context after each message */
    public MessageInflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /**
     * Hands over one piece of a compressed message (taking ownership of it) to be inflated by {@link #inflate}.
     * The previous piece must have been inflated to its end first.
     *
     * @param last whether this is the message's last piece
     */
    public synchronized void feed(ByteBuf piece, boolean last) {
        if (ended || input != null || ahead != null) {
            piece.release();
            if (!ended) {
                throw new IllegalStateException("the previous piece is not inflated yet");
            }
            return;
        }
        this.input = piece;
        this.remaining = piece.nioBuffer();
        this.last = last;
        this.tailFed = false;
        this.messageEnded = false;
        messageBytes += piece.readableBytes();
        inflater.setInput(remaining);
    }

    /** Whether {@link #inflate} has more to give from what was fed. */
    public synchronized boolean pending() {
        return input != null || ahead != null;
    }

    /**
     * The next chunk (at most {@value #CHUNK} bytes) of what was fed, or {@code null} once it is all inflated. After
     * the last piece of a message, at least one (possibly empty) chunk is returned and {@link #endedMessage()}
     * tells which one was the message's last.
     */
    public synchronized ByteBuf inflate(ByteBufAllocator alloc) throws DataFormatException {
        if (ended || input == null && ahead == null) {
            return null;
        }
        ByteBuf chunk = ahead != null ? ahead : produce(alloc);
        ahead = null;
        if (!last) {
            if (chunk == null) {
                releaseInput();
            }
            return chunk;
        }
        if (chunk == null) {
            chunk = alloc.heapBuffer(0);
        } else if (input != null) {
            try {
                ahead = produce(alloc);
            } catch (DataFormatException e) {
                chunk.release();
                throw e;
            }
        }
        if (ahead == null) {
            endMessage();
        }
        return chunk;
    }

    /** Whether the chunk {@link #inflate} returned last was the last of its message. */
    public synchronized boolean endedMessage() {
        return messageEnded;
    }

    private void endMessage() {
        releaseInput();
        messageEnded = true;
        messageBytes = 0;
        if (noContextTakeover) {
            inflater.reset();
        }
    }

    /** One chunk of output, or {@code null} when the input (and, on a last piece, the tail) is used up. */
    private ByteBuf produce(ByteBufAllocator alloc) throws DataFormatException {
        while (true) {
            if (inflater.finished()) {
                // A block marked final ended the deflate stream (RFC 7692 section 7.2.3.4 allows it); what follows,
                // in this message or the next, is a new stream.
                inflater.reset();
                if (!remaining.hasRemaining()) {
                    return null;
                }
                inflater.setInput(remaining);
            }
            ByteBuf chunk = alloc.heapBuffer(CHUNK);
            int n;
            try {
                n = inflater.inflate(chunk.array(), chunk.arrayOffset(), CHUNK);
            } catch (DataFormatException e) {
                chunk.release();
                throw e;
            }
            if (n > 0) {
                return chunk.writerIndex(n);
            }
            chunk.release();
            if (inflater.finished()) {
                continue;
            }
            if (inflater.needsDictionary()) {
                throw new DataFormatException("inflater needs a dictionary");
            }
            if (!last || tailFed || !inflater.needsInput()) {
                return null;
            }
            // The end of the message: the 00 00 ff ff the sender removed. An empty payload stands for an empty
            // message (some senders omit the 0x00 of RFC 7692 7.2.3.6); the tail would otherwise be read as a block
            // of its own and corrupt the stream.
            tailFed = true;
            if (messageBytes == 0) {
                return null;
            }
            remaining = ByteBuffer.wrap(TAIL);
            inflater.setInput(remaining);
        }
    }

    private void releaseInput() {
        if (input != null) {
            input.release();
            input = null;
            remaining = null;
        }
    }

    /** Frees the native memory and whatever was fed but not inflated. */
    public synchronized void end() {
        ended = true;
        releaseInput();
        if (ahead != null) {
            ahead.release();
            ahead = null;
        }
        inflater.end();
    }
}
