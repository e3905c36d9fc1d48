package org.wsgateway.relay.client;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SecureNioChannel;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.wsgateway.relay.frame.FrameBatch;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.FrameWriter;
import org.wsgateway.relay.frame.MessageDeflater;
import org.wsgateway.relay.frame.ProtocolException;

/**
 * The client's leg on a Netty channel: after the upgrade, a plain (non-TLS) NIO socket is taken over from Tomcat and
 * registered with the event loop of its backend channel, so both legs of the connection are driven by one thread.
 * A frame read from the client is written to the backend's channel by the thread that read it, with one flush per
 * read batch, and the other way round: no task changes threads per message. Tomcat keeps the connection counted
 * (its {@code maxConnections}) until this leg ends, then closes its side.
 *
 * <p>Bounds as on Tomcat's socket: reading pauses while the backend cannot take more, while {@value #MAX_CONTROL}
 * control frames wait to be written (a client that does not read its pongs is not read either), and writes stop the
 * backend's reading above {@value #HIGH_WATER} bytes queued until they drain below {@value #LOW_WATER}.
 */
public final class ChannelClient extends ChannelInboundHandlerAdapter implements ClientLeg, FrameReader.Handler {

    static final int HIGH_WATER = (int) ClientWriter.HIGH_WATER;
    static final int LOW_WATER = (int) ClientWriter.LOW_WATER;
    static final int MAX_CONTROL = ClientWriter.MAX_CONTROL;
    static final int RECEIVE_BUFFER = 1024 * 1024;

    private final Channel channel;
    private final SocketWrapperBase<?> tomcat;
    private final EventLoop loop;
    private final FrameReader reader;
    private final MessageDeflater deflater;
    private final ClientListener listener;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ChannelFutureListener controlWritten = f -> controlWritten();
    /** Tomcat's buffers of the socket, given up while this leg lives; {@code null} if they were kept. */
    private final TomcatBuffers tomcatBuffers;
    /** Small frames of the current read batch of the backend (event loop only). */
    private final FrameBatch batch;
    private ByteBufAllocator alloc;
    /** What was read and not yet parsed (event loop only). */
    private ByteBuf buffer;
    private int controls;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean cleanEnd;

    private ChannelClient(Channel channel, EventLoop loop, SocketWrapperBase<?> tomcat, TomcatBuffers tomcatBuffers,
            FrameReader reader, MessageDeflater deflater, ClientListener listener) {
        this.channel = channel;
        this.tomcat = tomcat;
        this.tomcatBuffers = tomcatBuffers;
        this.batch = new FrameBatch(channel);
        this.loop = loop;
        this.reader = reader;
        this.deflater = deflater;
        this.listener = listener;
    }

    /** Whether Tomcat's socket is a plain NIO one this leg can take over (TLS stays on Tomcat's path). */
    static boolean canTakeOver(SocketWrapperBase<?> socket) {
        return socket instanceof NioEndpoint.NioSocketWrapper nio && !(nio.getSocket() instanceof SecureNioChannel);
    }

    /**
     * Takes the socket over from Tomcat on {@code loop}, writes {@code head} (the 101 answer) and starts relaying.
     * Call on {@code loop}; the listener's {@link ClientListener#onClientOpen} is called before anything is read.
     */
    static ChannelClient takeOver(SocketWrapperBase<?> socket, EventLoop loop, ByteBuf head, FrameReader reader,
            MessageDeflater deflater, ClientListener listener) {
        SocketChannel java = ((NioEndpoint.NioSocketWrapper) socket).getSocket().getIOChannel();
        ByteBuf early = heldByTomcat(socket);
        NioSocketChannel channel = new NioSocketChannel(null, java);
        channel.config().setAutoRead(false);
        channel.config().setAllocator(FrameBatch.ALLOCATOR);
        channel.config().setOption(ChannelOption.TCP_NODELAY, true);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
        // A fixed receive buffer: the kernel's autotuning would otherwise grow it (to tcp_rmem's maximum, 32 MiB
        // here) while the gateway reads fast, and a paused client could then park that much in the kernel. (1 MiB
        // measured as fast as autotuning for 1 MiB and 16 MiB messages; 256 KiB was slower.)
        channel.config().setReceiveBufferSize(RECEIVE_BUFFER);
        TomcatBuffers buffers = TomcatBuffers.release(socket.getSocketBufferHandler());
        ChannelClient client = new ChannelClient(channel, loop, socket, buffers, reader, deflater, listener);
        channel.pipeline().addLast("client", client);
        loop.register(channel).addListener(f -> {
            if (!f.isSuccess()) {
                client.ended(false);
                return;
            }
            client.alloc = channel.alloc();
            channel.writeAndFlush(head, channel.voidPromise());
            listener.onClientOpen(client);
            if (early != null) {
                client.received(early);
                listener.onClientReadComplete();
            }
            client.readIfAllowed();
        });
        return client;
    }

    /**
     * What Tomcat read beyond the request and holds in its own buffer (a client must not send before the 101; some
     * do), or {@code null}; whatever is still in the kernel is the channel's to read.
     */
    private static ByteBuf heldByTomcat(SocketWrapperBase<?> socket) {
        SocketBufferHandler buffers = socket.getSocketBufferHandler();
        buffers.configureReadBufferForRead();
        ByteBuffer held = buffers.getReadBuffer();
        return held.hasRemaining() ? Unpooled.copiedBuffer(held) : null;
    }

    // ---- what the relay does with the client ----

    @Override
    public boolean send(boolean text, boolean first, boolean last, ByteBuf piece) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> send(text, first, last, piece));
            return true;
        }
        if (closeSent || ended.get()) {
            piece.release();
            return true;
        }
        boolean compress = deflater != null;
        write(FrameWriter.dataOpcode(text, first), last, compress && first ? FrameReader.RSV1 : 0,
                compress ? deflater.deflatePiece(piece, last, alloc) : piece, false);
        return channel.isWritable();
    }

    private void write(int opcode, boolean fin, int rsv, ByteBuf payload, boolean flush) {
        if (FrameWriter.inlined(payload)) {
            FrameWriter.frame(batch, opcode, fin, rsv, payload);
            payload.release();
        } else {
            batch.emit();
            channel.write(FrameWriter.frame(alloc, opcode, fin, rsv, payload), channel.voidPromise());
            channel.write(payload, channel.voidPromise());
        }
        if (flush) {
            batch.flush();
        }
    }

    @Override
    public void flush() {
        if (loop.inEventLoop()) {
            batch.flush();
        } else {
            loop.execute(batch::flush);
        }
    }

    @Override
    public void ping() {
        onLoop(() -> control(FrameReader.OP_PING, Unpooled.EMPTY_BUFFER));
    }

    /** Writes a ping or pong now; dropped when {@value #MAX_CONTROL} control frames are waiting already. */
    private void control(int opcode, ByteBuf payload) {
        if (closeSent || ended.get() || controls >= MAX_CONTROL) {
            payload.release();
            return;
        }
        controls++;
        batch.emit();
        ByteBuf frame = FrameWriter.frame(alloc, opcode, true, 0, payload);
        payload.release();
        channel.writeAndFlush(frame).addListener(controlWritten);
    }

    private void controlWritten() {
        if (controls-- == MAX_CONTROL) {
            readIfAllowed();
        }
    }

    @Override
    public void close(int code, String reason) {
        onLoop(() -> {
            if (!closeSent) {
                closeSent = true;
                sendClose(code, reason, closeReceived);
            }
        });
    }

    @Override
    public void answerClose(int code, String reason) {
        onLoop(() -> {
            if (!closeSent) {
                closeSent = true;
                sendClose(code, reason, true);
            } else {
                closeWhenWritten();
            }
        });
    }

    private void sendClose(int code, String reason, boolean thenEnd) {
        if (ended.get()) {
            return;
        }
        write(FrameReader.OP_CLOSE, true, 0, FrameWriter.closePayload(alloc, code, reason), true);
        if (thenEnd) {
            closeWhenWritten();
        }
    }

    private void closeWhenWritten() {
        cleanEnd = true;
        batch.emit();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void abort() {
        channel.close();
    }

    /**
     * Tomcat closed its side (its connector stopping): the socket is gone under the channel, which Netty would not
     * report as an end, so the leg ends here.
     */
    void closedByTomcat() {
        restoreTomcatBuffers();
        channel.close();
        onLoop(() -> ended(false));
    }

    @Override
    public void resumeReading() {
        onLoop(this::readIfAllowed);
    }

    @Override
    public boolean isEnded() {
        return ended.get();
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    // ---- reading (event loop) ----

    private boolean mayRead() {
        return !closeReceived && controls < MAX_CONTROL && listener.mayReadClient();
    }

    /** Parses what is left over if the client may be read, and reads the socket again; pauses it otherwise. */
    private void readIfAllowed() {
        if (ended.get()) {
            return;
        }
        if ((buffer != null || reader.pending()) && mayRead()) {
            parse();
            listener.onClientReadComplete();
        }
        boolean reading = mayRead();
        channel.config().setAutoRead(reading);
        if (reading) {
            channel.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received((ByteBuf) msg);
    }

    private void received(ByteBuf in) {
        if (closeReceived || ended.get()) {
            in.release();
            return;
        }
        buffer = buffer == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, buffer, in);
        if (mayRead()) {
            parse();
        }
        if (!mayRead() && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    /** Parses (and inflates) what was read, as long as the client may be read. */
    private void parse() {
        try {
            while (mayRead()) {
                ByteBuf in = buffer == null ? Unpooled.EMPTY_BUFFER : buffer;
                boolean wasInflating = reader.pending();
                if (!reader.read(in, alloc, this) && !wasInflating) {
                    break;
                }
                if (!in.isReadable() && !reader.pending()) {
                    break;
                }
            }
        } catch (ProtocolException e) {
            closeReceived = true;
            release();
            listener.onClientProtocolError(e.closeCode(), e.getMessage());
            return;
        }
        if (buffer != null && !buffer.isReadable()) {
            release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        listener.onClientReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            listener.onClientDrained();
        }
    }

    @Override
    public boolean mayContinue() {
        return mayRead();
    }

    // ---- frames from the client ----

    @Override
    public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
        listener.onClientData(text, first, last, piece, mask);
    }

    @Override
    public void onPing(ByteBuf payload) {
        control(FrameReader.OP_PONG, payload);
        listener.onClientAlive();
    }

    @Override
    public void onPong(ByteBuf payload) {
        payload.release();
        listener.onClientAlive();
    }

    @Override
    public void onClose(int code, String reason) {
        closeReceived = true;
        if (closeSent) {
            // The client answered our close: the handshake is complete.
            closeWhenWritten();
        } else {
            listener.onClientClose(code, reason);
        }
    }

    // ---- the end ----

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended(cleanEnd);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        channel.close();
    }

    private void release() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    private void restoreTomcatBuffers() {
        if (tomcatBuffers != null) {
            tomcatBuffers.restore();
        }
    }

    private void ended(boolean clean) {
        if (ended.compareAndSet(false, true)) {
            release();
            batch.release();
            reader.end();
            if (deflater != null) {
                deflater.end();
            }
            // Tomcat counts the connection until its side is closed too (the socket is closed already).
            restoreTomcatBuffers();
            tomcat.close();
            listener.onClientEnded(clean);
        }
    }
}
