package org.wsgateway.relay.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Frame headers for frames a server sends (RFC 6455 section 5.2: unmasked). */
public final class FrameWriter {

    /** Payloads up to this size are copied behind their header, so the frame is one buffer. */
    public static final int INLINE_PAYLOAD = 1024;

    private FrameWriter() {
    }

    /**
     * Writes a frame header, followed by a copy of the payload when it is small (the returned buffer is then the
     * whole frame, which {@link #inlined(ByteBuf)} tells). The payload stays the caller's either way.
     */
    public static ByteBuf frame(ByteBufAllocator alloc, int opcode, boolean fin, int rsv, ByteBuf payload) {
        int length = payload.readableBytes();
        boolean inline = length <= INLINE_PAYLOAD;
        ByteBuf out = header(alloc.buffer(10 + (inline ? length : 0)), opcode, fin, rsv, length);
        if (inline) {
            out.writeBytes(payload, payload.readerIndex(), length);
        }
        return out;
    }

    /**
     * Writes a small frame (payload up to {@link #INLINE_PAYLOAD}) whole into {@code batch}: its header and a copy
     * of the payload, which stays the caller's.
     */
    public static void frame(FrameBatch batch, int opcode, boolean fin, int rsv, ByteBuf payload) {
        int length = payload.readableBytes();
        header(batch.room(10 + length), opcode, fin, rsv, length).writeBytes(payload, payload.readerIndex(), length);
    }

    /** Writes the header of an unmasked frame with a payload of {@code length} bytes into {@code out}. */
    private static ByteBuf header(ByteBuf out, int opcode, boolean fin, int rsv, long length) {
        int first = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
        if (length < 126) {
            out.writeShort(first << 8 | (int) length);
        } else if (length < 65536) {
            out.writeByte(first);
            out.writeByte(126).writeShort((int) length);
        } else {
            out.writeByte(first);
            out.writeByte(127).writeLong(length);
        }
        return out;
    }

    /** The opcode of a data piece: text or binary for the first piece of a message, continuation after it. */
    public static int dataOpcode(boolean text, boolean first) {
        return first ? (text ? FrameReader.OP_TEXT : FrameReader.OP_BINARY) : FrameReader.OP_CONTINUATION;
    }

    /** Whether {@link #frame} copied a payload of this size behind the header. */
    public static boolean inlined(ByteBuf payload) {
        return payload.readableBytes() <= INLINE_PAYLOAD;
    }

    /** A close frame's payload: the code and a reason cut to fit, or nothing for 1005. */
    public static ByteBuf closePayload(ByteBufAllocator alloc, int code, String reason) {
        ByteBuf payload = alloc.buffer(125);
        if (code != CloseCodes.NO_STATUS) {
            payload.writeShort(code);
            payload.writeCharSequence(CloseCodes.fitReason(reason), java.nio.charset.StandardCharsets.UTF_8);
        }
        return payload;
    }
}
