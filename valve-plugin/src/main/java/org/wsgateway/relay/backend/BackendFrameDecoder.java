package org.wsgateway.relay.backend;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.MessageInflater;

/**
 * Decodes a backend's frames with a {@link FrameReader} (unmasked frames, inflated when compressed; text is not
 * re-validated, the client does that) into {@link Piece}s, {@link Control} frames and {@link Close}s, never holding
 * a payload whole.
 */
final class BackendFrameDecoder extends ByteToMessageDecoder implements WebSocketFrameDecoder {

    /** A piece of a data message. */
    static final class Piece extends DefaultByteBufHolder {
        final boolean text;
        final boolean first;
        final boolean last;

        Piece(boolean text, boolean first, boolean last, ByteBuf payload) {
            super(payload);
            this.text = text;
            this.first = first;
            this.last = last;
        }
    }

    /** A ping or pong. */
    static final class Control extends DefaultByteBufHolder {
        final int opcode;

        Control(int opcode, ByteBuf payload) {
            super(payload);
            this.opcode = opcode;
        }
    }

    /** A close frame. */
    record Close(int code, String reason) {
    }

    private final FrameReader reader;

    /** @param inflater decompresses messages flagged with RSV1, or {@code null} without permessage-deflate */
    BackendFrameDecoder(MessageInflater inflater) {
        this.reader = new FrameReader(false, false, inflater, false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        reader.read(in, ctx.alloc(), new FrameReader.Handler() {
            @Override
            public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
                out.add(new Piece(text, first, last, piece));
            }

            @Override
            public void onPing(ByteBuf payload) {
                out.add(new Control(FrameReader.OP_PING, payload));
            }

            @Override
            public void onPong(ByteBuf payload) {
                out.add(new Control(FrameReader.OP_PONG, payload));
            }

            @Override
            public void onClose(int code, String reason) {
                out.add(new Close(code, reason));
            }
        });
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        reader.end();
    }
}
