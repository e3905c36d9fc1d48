package org.wsgateway.relay.backend;

import java.util.ArrayDeque;
import java.util.Queue;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.ProtocolException;

/**
 * The last handler of an upgraded backend connection: answers pings ({@value #MAX_PONGS} answers at most on their way
 * to a backend at once; pings beyond them go unanswered, as RFC 6455 section 5.5.3 allows, so a backend that pings
 * without reading costs no memory), and hands frames and connection events to the relay's {@link BackendListener}.
 * Until a listener is bound, reading is off and anything already decoded is held, so no frame is lost between the
 * backend's 101 and the client's upgrade.
 */
public final class BackendFrameHandler extends ChannelInboundHandlerAdapter {

    static final int MAX_PONGS = 8;

    private final Queue<Object> held = new ArrayDeque<>();
    /** Pongs written and not yet on the wire (event loop only). */
    private int pongs;
    /** Counts a pong written, on the channel's event loop. */
    private final ChannelFutureListener pongWritten = f -> pongs--;
    private BackendListener listener;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Binds the relay and starts reading. May be called from any thread. */
    public void bind(BackendListener relay) {
        ctx.executor().execute(() -> {
            listener = relay;
            while (!held.isEmpty()) {
                dispatch(held.poll());
            }
            listener.onBackendReadComplete();
            if (ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (listener == null) {
            held.add(msg);
        } else {
            dispatch(msg);
        }
    }

    private void dispatch(Object msg) {
        if (msg instanceof BackendFrameDecoder.Piece piece) {
            listener.onBackendData(piece.text, piece.first, piece.last, piece.content());
        } else if (msg instanceof BackendFrameDecoder.Control control) {
            if (control.opcode == FrameReader.OP_PING && pongs < MAX_PONGS) {
                pongs++;
                ctx.writeAndFlush(new PongWebSocketFrame(control.content())).addListener(pongWritten);
            } else {
                control.release();
            }
            listener.onBackendAlive();
        } else if (msg instanceof BackendFrameDecoder.Close close) {
            listener.onBackendClose(close.code(), close.reason());
        } else if (msg instanceof Throwable cause) {
            ProtocolException protocol = protocolError(cause);
            if (protocol != null) {
                listener.onBackendProtocolError(protocol.closeCode(), protocol.getMessage());
            } else {
                listener.onBackendGone(cause);
            }
        } else if (msg == Gone.INSTANCE) {
            listener.onBackendGone(null);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private static ProtocolException protocolError(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onBackendReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (listener != null) {
            listener.onBackendWritable(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        channelRead(ctx, Gone.INSTANCE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        channelRead(ctx, cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    /** Marks the end of the connection among held messages. */
    private enum Gone {
        INSTANCE
    }
}
