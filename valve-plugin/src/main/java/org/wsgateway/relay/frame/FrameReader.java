package org.wsgateway.relay.frame;

import java.util.zip.DataFormatException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An incremental WebSocket frame parser (RFC 6455 section 5, RFC 7692) for one direction of one connection. It never
 * holds a data payload whole: each piece of payload that has arrived is inflated if the message is compressed (a
 * chunk of at most {@value MessageInflater#CHUNK} bytes at a time, asking {@link Handler#mayContinue()} after each,
 * so a decompression bomb is inflated only as fast as the other side takes it), counted against the largest message
 * allowed, checked (UTF-8 for text, when asked) and handed on as a piece of its message. Control frames count
 * against a {@link ControlFrameRate}. Masked payload is either unmasked
 * (eight bytes at a time) or, when the reader is told to pass it on masked, left as it is and handed on with its
 * mask key, so a relay can forward it without touching the bytes. Control frames (at most 125 bytes) are unmasked
 * and handed on whole. Every protocol violation raises a {@link ProtocolException} with the close code to fail the
 * connection with; nothing is parsed after one.
 */
public final class FrameReader {

    public static final int OP_CONTINUATION = 0;
    public static final int OP_TEXT = 1;
    public static final int OP_BINARY = 2;
    public static final int OP_CLOSE = 8;
    public static final int OP_PING = 9;
    public static final int OP_PONG = 10;
    public static final int RSV1 = 4;
    private static final int COPY_BELOW = 1024;

    /** Receives what the reader finds, in order. Each method takes ownership of the buffer it is given. */
    public interface Handler {
        /**
         * A piece of a data message; {@code first} and {@code last} mark its first and last piece. Its bytes are the
         * payload XORed with {@code mask} (repeated from the piece's first byte, big-endian); 0 means plain bytes.
         */
        void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask);

        void onPing(ByteBuf payload);

        void onPong(ByteBuf payload);

        /** A close frame; {@code code} is 1005 when the frame had none. */
        void onClose(int code, String reason);

        /**
         * Whether to go on parsing after a data piece; when not, the rest stays in the input for a later
         * {@link FrameReader#read} (the sender is being slowed down, or the other side is full).
         */
        default boolean mayContinue() {
            return true;
        }
    }

    private final boolean masked;
    private final boolean passMasked;
    private final MessageInflater inflater;
    private final Utf8Validator utf8;

    private boolean inPayload;
    private boolean failed;
    private int opcode;
    private boolean fin;
    private long remaining;
    private int mask;
    private long payloadOffset;
    private int messageOpcode = -1;
    private boolean compressed;
    private boolean started;
    private boolean inflatingText;
    private long maxFrame;
    private long maxMessage;
    private long messageBytes;
    private ControlFrameRate controlRate;

    /**
     * @param masked       frames must be masked (this side is the server) or must not be (this side is the client)
     * @param passMasked   hand uncompressed masked payload on still masked, with its key
     * @param inflater     inflates messages flagged RSV1, or {@code null} when permessage-deflate is not in use
     * @param validateUtf8 whether text messages must be valid UTF-8 (1007 otherwise)
     */
    public FrameReader(boolean masked, boolean passMasked, MessageInflater inflater, boolean validateUtf8) {
        this.masked = masked;
        this.passMasked = passMasked && masked;
        this.inflater = inflater;
        this.utf8 = validateUtf8 ? new Utf8Validator() : null;
    }

    /** Refuses data frames with a payload above {@code bytes} (1009); 0 (the default) for no limit. */
    public void limitFrames(long bytes) {
        maxFrame = bytes;
    }

    /**
     * Refuses data messages larger than {@code bytes} (1009), counted as they are handed on (inflated); 0 (the
     * default) for no limit.
     */
    public void limitMessages(long bytes) {
        maxMessage = bytes;
    }

    /** Refuses control frames beyond {@code rate} (1008); by default they are not limited. */
    public void limitControlFrames(ControlFrameRate rate) {
        controlRate = rate;
    }

    /** Whether a compressed piece is still being inflated: {@link #read} goes on with it before parsing more. */
    public boolean pending() {
        return inflater != null && inflater.pending();
    }

    /**
     * Parses what {@code in} holds, leaving an incomplete frame header or control frame in it; before that, goes on
     * inflating a piece it stopped inflating when the handler asked it to.
     *
     * @return whether anything was consumed or handed on
     */
    public boolean read(ByteBuf in, ByteBufAllocator alloc, Handler handler) throws ProtocolException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        int before = in.readerIndex();
        try {
            if (pending()) {
                if (!drain(alloc, handler)) {
                    return true;
                }
                if (!handler.mayContinue()) {
                    return true;
                }
            }
            while (inPayload || readHeader(in)) {
                if (opcode >= OP_CLOSE) {
                    if (in.readableBytes() < remaining) {
                        break;
                    }
                    inPayload = false;
                    control(in.readBytes((int) remaining), handler);
                    if (!handler.mayContinue()) {
                        break;
                    }
                    continue;
                }
                int n = (int) Math.min(remaining, in.readableBytes());
                if (n == 0 && remaining > 0) {
                    break;
                }
                // Pieces share the input buffer. Whoever keeps a small one copies it (unpinned), so that it cannot
                // pin a large buffer; most are copied into a batch of frames and released at once. Small compressed
                // ones are copied here, as the inflater may hold them across reads.
                ByteBuf piece = n >= COPY_BELOW || !compressed ? in.readRetainedSlice(n) : in.readBytes(n);
                int pieceMask = 0;
                if (masked) {
                    if (passMasked && !compressed) {
                        pieceMask = Integer.rotateLeft(mask, (int) (payloadOffset & 3) * 8);
                    } else {
                        Masking.unmask(piece, mask, payloadOffset);
                    }
                }
                payloadOffset += n;
                remaining -= n;
                inPayload = remaining > 0;
                if (!data(piece, pieceMask, !inPayload && fin, alloc, handler)) {
                    return true;
                }
                if (inPayload || !handler.mayContinue()) {
                    break;
                }
            }
            return in.readerIndex() != before;
        } catch (ProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            // Nothing more will be inflated: what the inflater holds goes now.
            end();
            throw e;
        }
    }

    /**
     * A piece to keep beyond the call that handed it on: a small one that shares a buffer read from a socket is
     * copied (and released), so that it cannot pin that buffer, which may be much larger; others are returned.
     */
    public static ByteBuf unpinned(ByteBuf piece) {
        int length = piece.readableBytes();
        if (length >= COPY_BELOW || piece.unwrap() == null) {
            return piece;
        }
        try {
            return piece.alloc().buffer(length).writeBytes(piece);
        } finally {
            piece.release();
        }
    }

    /** Frees the inflater's native memory. */
    public void end() {
        if (inflater != null) {
            inflater.end();
        }
    }

    private boolean readHeader(ByteBuf in) throws ProtocolException {
        if (in.readableBytes() < 2) {
            return false;
        }
        int start = in.readerIndex();
        int b0 = in.getUnsignedByte(start);
        int b1 = in.getUnsignedByte(start + 1);
        int len7 = b1 & 0x7f;
        boolean isMasked = (b1 & 0x80) != 0;
        int headerLength = (len7 == 126 ? 4 : len7 == 127 ? 10 : 2) + (isMasked ? 4 : 0);
        if (in.readableBytes() < headerLength) {
            return false;
        }
        if (isMasked != masked) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, masked ? "a client frame was not masked"
                    : "a server frame was masked");
        }
        long length = len7 == 126 ? in.getUnsignedShort(start + 2) : len7 == 127 ? in.getLong(start + 2) : len7;
        if (length < 0) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "frame length out of range");
        }
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0f;
        validate((b0 >> 4) & 0x07, length);
        if (maxFrame > 0 && opcode < OP_CLOSE && length > maxFrame) {
            throw new ProtocolException(CloseCodes.TOO_BIG, "frame larger than " + maxFrame + " bytes");
        }
        mask = isMasked ? in.getInt(start + headerLength - 4) : 0;
        in.skipBytes(headerLength);
        remaining = length;
        payloadOffset = 0;
        inPayload = true;
        return true;
    }

    private void validate(int rsv, long length) throws ProtocolException {
        if (opcode >= OP_CLOSE) {
            if (opcode > OP_PONG) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved control opcode " + opcode);
            }
            if (!fin || length > 125 || rsv != 0) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "fragmented, oversized or flagged control frame");
            }
        } else if (opcode == OP_CONTINUATION) {
            if (messageOpcode < 0) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message");
            }
            if (rsv != 0) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved bits set on a continuation frame");
            }
        } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
            if (messageOpcode >= 0) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "new message before the previous one ended");
            }
            if (rsv != 0 && (rsv != RSV1 || inflater == null)) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved bits set without an extension");
            }
            messageOpcode = opcode;
            compressed = rsv == RSV1;
            started = false;
        } else {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "reserved data opcode " + opcode);
        }
    }

    /** Hands a piece on (inflating it first if compressed); false if inflation stopped because of the handler. */
    private boolean data(ByteBuf piece, int pieceMask, boolean last, ByteBufAllocator alloc, Handler handler)
            throws ProtocolException {
        boolean text = messageOpcode == OP_TEXT;
        if (last) {
            messageOpcode = -1;
        }
        if (!compressed) {
            if (piece.isReadable() || last) {
                emit(text, piece, pieceMask, last, handler);
            } else {
                piece.release();
            }
            return true;
        }
        inflatingText = text;
        inflater.feed(piece, last);
        return drain(alloc, handler);
    }

    /**
     * Inflates what was fed, a chunk at a time, handing each on; false if it stopped because the handler may not
     * take more (the rest waits for the next {@link #read}).
     */
    private boolean drain(ByteBufAllocator alloc, Handler handler) throws ProtocolException {
        while (true) {
            ByteBuf chunk;
            try {
                chunk = inflater.inflate(alloc);
            } catch (DataFormatException e) {
                throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "compressed data does not inflate: "
                        + e.getMessage());
            }
            if (chunk == null) {
                return true;
            }
            boolean last = inflater.endedMessage();
            emit(inflatingText, chunk, 0, last, handler);
            if (last || !inflater.pending()) {
                return true;
            }
            if (!handler.mayContinue()) {
                return false;
            }
        }
    }

    private void emit(boolean text, ByteBuf piece, int pieceMask, boolean last, Handler handler)
            throws ProtocolException {
        messageBytes = (started ? messageBytes : 0) + piece.readableBytes();
        if (maxMessage > 0 && messageBytes > maxMessage) {
            piece.release();
            throw new ProtocolException(CloseCodes.TOO_BIG, "message larger than " + maxMessage + " bytes");
        }
        if (text && utf8 != null && (!utf8.update(piece, pieceMask) || (last && !utf8.complete()))) {
            piece.release();
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "a text message is not valid UTF-8");
        }
        boolean first = !started;
        started = !last;
        handler.onData(text, first, last, piece, pieceMask);
    }

    private void control(ByteBuf payload, Handler handler) throws ProtocolException {
        if (masked) {
            Masking.unmask(payload, mask, 0);
        }
        if (opcode != OP_CLOSE && controlRate != null && !controlRate.admit()) {
            payload.release();
            throw new ProtocolException(CloseCodes.POLICY_VIOLATION, controlRate.refusal());
        }
        if (opcode == OP_PING) {
            handler.onPing(payload);
        } else if (opcode == OP_PONG) {
            handler.onPong(payload);
        } else {
            try {
                handler.onClose(CloseCodes.codeOf(payload), CloseCodes.reasonOf(payload));
            } finally {
                payload.release();
            }
        }
    }
}
