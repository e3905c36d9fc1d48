package org.wsgateway.relay.backend;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.wsgateway.relay.frame.CloseCodes;
import org.wsgateway.relay.frame.FrameBatch;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.FrameWriter;
import org.wsgateway.relay.frame.MessageDeflater;

/**
 * The backend's leg of a relayed connection, as the relay drives it (the counterpart of the client's
 * {@code ClientLeg}): pieces of the client's messages written to the backend's channel, still masked when they
 * can be, or compressed; small ones gathered into one write and one flush per read batch; the gateway's side of the close handshake, sent once; and the
 * backend's reading paused and resumed. Its frames come in through {@link BackendFrameHandler}.
 */
public final class BackendLeg {

    private final Channel channel;
    private final MessageDeflater deflater;
    private final AtomicBoolean closeSent = new AtomicBoolean();
    /** Small frames of the current read batch (event loop only). */
    private final FrameBatch batch;

    public BackendLeg(BackendConnection connection) {
        this.channel = connection.channel();
        this.deflater = connection.deflater();
        this.batch = new FrameBatch(channel);
        channel.closeFuture().addListener(f -> batch.release());
    }

    /** The event loop that drives this leg (and, when the client's socket was taken over, the client's leg too). */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** The allocator of the backend's channel. */
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** Runs {@code action} when the connection to the backend has ended. */
    public void whenEnded(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /**
     * Queues a piece of a client's message for the next {@link #flush()}; takes ownership of {@code piece}. A piece
     * still masked with the client's key ({@code mask} not 0) goes on as it is, under a header naming that key.
     * Called on the event loop (the client's socket taken over), small pieces are gathered into one write per read
     * batch.
     */
    public void send(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
        boolean onLoop = channel.eventLoop().inEventLoop();
        if (mask != 0) {
            int length = piece.readableBytes();
            if (length <= FrameWriter.INLINE_PAYLOAD) {
                // A small piece is copied behind its header: into the batch, or into a frame of its own.
                ByteBuf out = onLoop ? batch.room(14 + length) : channel.alloc().buffer(14 + length);
                MaskedFrames.header(out, text, first, last, length, mask).writeBytes(piece);
                piece.release();
                if (!onLoop) {
                    channel.write(out, channel.voidPromise());
                }
                return;
            }
            emitIf(onLoop);
            channel.write(MaskedFrames.header(channel.alloc(), text, first, last, length, mask),
                    channel.voidPromise());
            channel.write(piece, channel.voidPromise());
            return;
        }
        emitIf(onLoop);
        ByteBuf payload = deflater == null ? FrameReader.unpinned(piece)
                : deflater.deflatePiece(piece, last, channel.alloc());
        int rsv = deflater != null && first ? FrameReader.RSV1 : 0;
        WebSocketFrame frame = !first ? new ContinuationWebSocketFrame(last, 0, payload)
                : text ? new TextWebSocketFrame(last, rsv, payload) : new BinaryWebSocketFrame(last, rsv, payload);
        channel.write(frame, channel.voidPromise());
    }

    private void emitIf(boolean onLoop) {
        if (onLoop) {
            batch.emit();
        }
    }

    /** Writes what {@link #send} queued. */
    public void flush() {
        if (channel.eventLoop().inEventLoop()) {
            batch.flush();
        } else {
            channel.flush();
        }
    }

    /** Sends a ping (keepalive). */
    public void ping() {
        onLoop(() -> {
            batch.emit();
            channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
        });
    }

    /** Runs {@code task} on the event loop, where the batch may be touched: now if already there. */
    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Whether the gateway has sent the backend its close frame (its own, or the client's passed on). */
    public boolean closeSent() {
        return closeSent.get();
    }

    /** Notes a close as sent without sending one (the backend is gone). */
    public void closeSentAlready() {
        closeSent.set(true);
    }

    /**
     * Sends the backend a close, once, behind the data queued, and drops the connection if it has not answered
     * within {@code waitMillis}; reading goes on meanwhile, to hear the answer.
     *
     * @return whether this call sent the close to a connected backend (an answer may come)
     */
    public boolean close(int code, String reason, long waitMillis) {
        if (!closeSent.compareAndSet(false, true)) {
            return false;
        }
        boolean active = channel.isActive();
        onLoop(() -> {
            if (active) {
                batch.emit();
                channel.writeAndFlush(closeFrame(code, reason));
            }
            channel.config().setAutoRead(true);
            channel.eventLoop().schedule(() -> channel.close(), waitMillis, TimeUnit.MILLISECONDS);
        });
        return active;
    }

    /** Answers the backend's close (unless the gateway sent one already), then ends the connection. */
    public void answerClose(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            onLoop(() -> {
                batch.emit();
                channel.writeAndFlush(closeFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
            });
        }
    }

    /** Ends the connection now, without a close frame. */
    public void abort() {
        channel.close();
    }

    /** Whether the backend takes more now, or is gone (and takes nothing, so need not be waited for). */
    public boolean mayWrite() {
        return channel.isWritable() || !channel.isActive();
    }

    /** Stops reading the backend (the client takes no more, or a plan shapes the backend). */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    /** Reads the backend again. */
    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    /** Whether the backend is not being read now. */
    public boolean readPaused() {
        return !channel.config().isAutoRead();
    }

    private static CloseWebSocketFrame closeFrame(int code, String reason) {
        return code == CloseCodes.NO_STATUS ? new CloseWebSocketFrame()
                : new CloseWebSocketFrame(code, CloseCodes.fitReason(reason));
    }
}
