package org.wsgateway.relay.backend;

import java.util.ArrayDeque;
import java.util.Queue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.wsgateway.relay.CloseCodes;

/**
 * The last handler of an upgraded backend connection: answers pings, and hands frames and connection events to the
 * relay's {@link BackendListener}. Until a listener is bound, reading is off and anything already decoded is held,
 * so no frame is lost between the backend's 101 and the client's upgrade.
 */
public final class BackendFrameHandler extends ChannelInboundHandlerAdapter {

    private final Queue<Object> held = new ArrayDeque<>();
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
        if (msg instanceof Throwable cause) {
            failed(cause);
        } else if (msg == Gone.INSTANCE) {
            listener.onBackendGone(null);
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()), ctx.voidPromise());
            listener.onBackendPong();
        } else if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
            listener.onBackendPong();
        } else if (msg instanceof CloseWebSocketFrame close) {
            try {
                int code = close.statusCode();
                listener.onBackendClose(code < 0 ? CloseCodes.NO_STATUS : code, code < 0 ? "" : close.reasonText());
            } finally {
                close.release();
            }
        } else if (msg instanceof WebSocketFrame frame) {
            listener.onBackendData(frame);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void failed(Throwable cause) {
        Throwable root = cause.getCause() instanceof CorruptedWebSocketFrameException ? cause.getCause() : cause;
        if (root instanceof CorruptedWebSocketFrameException corrupted) {
            listener.onBackendProtocolError(corrupted.closeStatus().code(), corrupted.getMessage());
        } else {
            listener.onBackendGone(root);
        }
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
