package org.wsgateway.relay.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import org.wsgateway.relay.frame.ControlFrameRate;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.MessageInflater;
import org.wsgateway.relay.frame.ProtocolException;

/**
 * Decodes a backend's frames with a {@link FrameReader} (unmasked frames, inflated when compressed; text is not
 * re-validated, the client does that) into {@link Piece}s, {@link Control} frames and {@link Close}s, never holding
 * a payload whole. Decoding follows the channel's auto-read: once the relay turns it off (the client cannot take
 * more), not one more piece is decoded or inflated, and what the socket had delivered waits here until the relay
 * asks for more (Netty's {@code read()}), before the socket is read again. So a compressed message inflates only as
 * fast as the client takes it, whatever its ratio.
 */
final class BackendFrameDecoder extends ChannelDuplexHandler implements WebSocketFrameDecoder {

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
    private ChannelHandlerContext ctx;
    /** Bytes received and not parsed yet, or {@code null}. */
    private ByteBuf received;
    private boolean failed;
    private final Emitter emitter = new Emitter();

    /**
     * @param inflater   decompresses messages flagged with RSV1, or {@code null} without permessage-deflate
     * @param maxMessage the largest message the backend may send (1009 above it), 0 for any
     */
    BackendFrameDecoder(MessageInflater inflater, long maxMessage) {
        this.reader = new FrameReader(false, false, inflater, false);
        reader.limitMessages(maxMessage);
        reader.limitControlFrames(ControlFrameRate.standard());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            bytes.release();
            return;
        }
        // (Merged by copying when pieces handed on still share the bytes before.)
        received = received == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), received,
                bytes);
        decode();
    }

    /**
     * The relay asks for more: what is here is decoded first (and, as after a socket read, followed by a read
     * complete, so that what it handed on is flushed), and the socket read only once all of it was.
     */
    @Override
    public void read(ChannelHandlerContext ctx) {
        boolean waiting = received != null || reader.pending();
        boolean done = decode();
        if (waiting) {
            ctx.fireChannelReadComplete();
        }
        if (done) {
            ctx.read();
        }
    }

    /** Decodes while the relay takes more; true if everything complete was decoded (or nothing more will be). */
    private boolean decode() {
        if (failed) {
            return true;
        }
        Emitter handler = emitter;
        try {
            while (handler.mayContinue() && (received != null || reader.pending())) {
                boolean moved = reader.read(received == null ? Unpooled.EMPTY_BUFFER : received, ctx.alloc(),
                        handler);
                if (received != null && !received.isReadable()) {
                    received.release();
                    received = null;
                }
                if (!moved) {
                    break;
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            ctx.fireExceptionCaught(e);
            return true;
        }
        return handler.mayContinue();
    }

    /** Hands what the reader finds down the pipeline, as long as the channel reads. */
    private final class Emitter implements FrameReader.Handler {
        @Override
        public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
            ctx.fireChannelRead(new Piece(text, first, last, piece));
        }

        @Override
        public void onPing(ByteBuf payload) {
            ctx.fireChannelRead(new Control(FrameReader.OP_PING, payload));
        }

        @Override
        public void onPong(ByteBuf payload) {
            ctx.fireChannelRead(new Control(FrameReader.OP_PONG, payload));
        }

        @Override
        public void onClose(int code, String reason) {
            ctx.fireChannelRead(new Close(code, reason));
        }

        @Override
        public boolean mayContinue() {
            return ctx.channel().config().isAutoRead() && !ctx.isRemoved();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reader.end();
        if (received != null) {
            received.release();
            received = null;
        }
    }
}
