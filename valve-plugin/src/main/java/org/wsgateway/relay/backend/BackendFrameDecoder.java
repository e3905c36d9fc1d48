package org.wsgateway.relay.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import org.wsgateway.relay.CloseCodes;

/**
 * Decodes frames from a backend (RFC 6455 section 5) without ever holding a frame's payload whole: data payload is
 * passed on in the pieces that arrive, as a re-fragmented message of {@link TextWebSocketFrame} or
 * {@link BinaryWebSocketFrame} then {@link ContinuationWebSocketFrame}s, the last piece of the message marked final.
 * Compressed messages are inflated piece by piece. Control frames (at most 125 bytes) are passed on whole.
 * Every protocol violation (masked server frame, reserved bits or opcodes, bad fragmentation, oversized control
 * frame) raises {@link CorruptedWebSocketFrameException}; nothing more is decoded after one.
 */
final class BackendFrameDecoder extends ByteToMessageDecoder implements WebSocketFrameDecoder {

    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;
    private static final int RSV1 = 4;

    private final MessageInflater inflater;
    private final List<ByteBuf> inflated = new ArrayList<>();

    private boolean inPayload;
    private boolean failed;
    private int opcode;
    private boolean fin;
    private long remaining;
    /** The opcode of the message in progress, or -1. */
    private int messageOpcode = -1;
    private boolean messageCompressed;
    private boolean messageStarted;

    /** @param inflater decompresses messages flagged with RSV1, or {@code null} without permessage-deflate */
    BackendFrameDecoder(MessageInflater inflater) {
        this.inflater = inflater;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (inPayload || readHeader(in)) {
                if (opcode >= OP_CLOSE) {
                    if (in.readableBytes() < remaining) {
                        return;
                    }
                    out.add(controlFrame(in.readRetainedSlice((int) remaining)));
                    inPayload = false;
                    continue;
                }
                int n = (int) Math.min(remaining, in.readableBytes());
                if (n == 0 && remaining > 0) {
                    return;
                }
                remaining -= n;
                inPayload = remaining > 0;
                data(ctx, in.readRetainedSlice(n), !inPayload && fin, out);
                if (inPayload) {
                    return;
                }
            }
        } catch (CorruptedWebSocketFrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        } catch (DataFormatException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                    "the backend sent a compressed message that does not inflate: " + e.getMessage());
        }
    }

    private boolean readHeader(ByteBuf in) {
        if (in.readableBytes() < 2) {
            return false;
        }
        int start = in.readerIndex();
        int b0 = in.getUnsignedByte(start);
        int b1 = in.getUnsignedByte(start + 1);
        int len7 = b1 & 0x7f;
        int headerLength = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
        if (in.readableBytes() < headerLength) {
            return false;
        }
        if ((b1 & 0x80) != 0) {
            throw protocolError("the backend sent a masked frame");
        }
        long length = len7 == 126 ? in.getUnsignedShort(start + 2) : len7 == 127 ? in.getLong(start + 2) : len7;
        if (length < 0) {
            throw protocolError("frame length out of range");
        }
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0f;
        validate((b0 >> 4) & 0x07, length);
        in.skipBytes(headerLength);
        remaining = length;
        inPayload = true;
        return true;
    }

    private void validate(int rsv, long length) {
        if (opcode >= OP_CLOSE) {
            if (opcode > OP_PONG) {
                throw protocolError("reserved control opcode " + opcode);
            }
            if (!fin || length > 125 || rsv != 0) {
                throw protocolError("fragmented, oversized or flagged control frame");
            }
        } else if (opcode == OP_CONTINUATION) {
            if (messageOpcode < 0) {
                throw protocolError("continuation frame without a message to continue");
            }
            if (rsv != 0) {
                throw protocolError("reserved bits set on a continuation frame");
            }
        } else if (opcode == OP_TEXT || opcode == OP_BINARY) {
            if (messageOpcode >= 0) {
                throw protocolError("new message before the previous one ended");
            }
            if (rsv != 0 && (rsv != RSV1 || inflater == null)) {
                throw protocolError("reserved bits set without a negotiated extension");
            }
            messageOpcode = opcode;
            messageCompressed = rsv == RSV1;
            messageStarted = false;
        } else {
            throw protocolError("reserved data opcode " + opcode);
        }
    }

    private void data(ChannelHandlerContext ctx, ByteBuf payload, boolean last, List<Object> out)
            throws DataFormatException {
        if (!messageCompressed) {
            if (payload.isReadable() || last) {
                out.add(piece(payload, last));
            } else {
                payload.release();
            }
        } else {
            try {
                inflater.inflate(payload, last, ctx.alloc(), inflated);
            } finally {
                payload.release();
            }
            for (int i = 0; i < inflated.size(); i++) {
                out.add(piece(inflated.get(i), last && i == inflated.size() - 1));
            }
            inflated.clear();
        }
        if (last) {
            messageOpcode = -1;
        }
    }

    private WebSocketFrame piece(ByteBuf payload, boolean last) {
        if (messageStarted) {
            return new ContinuationWebSocketFrame(last, 0, payload);
        }
        messageStarted = true;
        return messageOpcode == OP_TEXT ? new TextWebSocketFrame(last, 0, payload)
                : new BinaryWebSocketFrame(last, 0, payload);
    }

    private WebSocketFrame controlFrame(ByteBuf payload) {
        switch (opcode) {
            case OP_PING:
                return new PingWebSocketFrame(payload);
            case OP_PONG:
                return new PongWebSocketFrame(payload);
            default:
                if (payload.readableBytes() == 1) {
                    payload.release();
                    throw protocolError("close frame with a one-byte payload");
                }
                if (payload.readableBytes() >= 2
                        && !CloseCodes.maySend(payload.getUnsignedShort(payload.readerIndex()))) {
                    int code = payload.getUnsignedShort(payload.readerIndex());
                    payload.release();
                    throw protocolError("close code " + code + " may not be sent");
                }
                return new CloseWebSocketFrame(true, 0, payload);
        }
    }

    private static CorruptedWebSocketFrameException protocolError(String message) {
        return new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, message);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        inflated.forEach(ByteBuf::release);
        inflated.clear();
        if (inflater != null) {
            inflater.end();
        }
    }
}
