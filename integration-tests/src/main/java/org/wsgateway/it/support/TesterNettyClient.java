package org.wsgateway.it.support;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;

/**
 * A frame-level client (Netty) for what the JDK client cannot do: send any close code, send fragments, read slowly
 * or not at all. Received frames are recorded as {@link Frame}s. Clients of a storm share one event loop group and
 * record nothing: they send {@link TesterBackend#pattern(long)} as one stream ({@link #sendPattern(int)}) and check
 * that the binary data coming back is that stream, byte for byte and in order.
 */
public final class TesterNettyClient implements AutoCloseable {

    /** A received frame: its kind ({@code text}, {@code binary}, {@code continuation}, {@code ping}, ...). */
    public record Frame(String kind, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final CompletableFuture<FullHttpResponse> handshake = new CompletableFuture<>();
    private final CompletableFuture<TesterConnection.Close> closeReceived = new CompletableFuture<>();
    public final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong patternReceived = new AtomicLong();
    private final AtomicLong patternMismatches = new AtomicLong();
    private final boolean record;
    private final boolean verify;
    private boolean binaryMessage;
    private long patternSent;
    private Channel channel;

    private TesterNettyClient(EventLoopGroup group, boolean record, boolean verify) {
        this.ownGroup = group == null;
        this.group = ownGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : group;
        this.record = record;
        this.verify = verify;
    }

    /**
     * Connects and completes the handshake.
     *
     * @param autoRead whether to read frames as they come (false: nothing is read until {@link #autoRead(boolean)})
     * @param record   whether to keep received frames in {@link #frames} (false for floods)
     */
    public static TesterNettyClient connect(URI uri, String subprotocols, boolean compression, boolean autoRead,
            boolean record) throws Exception {
        TesterNettyClient client = new TesterNettyClient(null, record, false);
        client.open(uri, subprotocols, compression, autoRead);
        return client;
    }

    /**
     * Connects on a shared event loop group, which {@link #close()} leaves running; records no frames, and checks
     * binary data received against the stream {@link #sendPattern(int)} sends. Do not call from {@code group}.
     */
    public static TesterNettyClient connectShared(EventLoopGroup group, URI uri, boolean compression,
            boolean autoRead) throws Exception {
        TesterNettyClient client = new TesterNettyClient(group, false, true);
        try {
            client.open(uri, null, compression, autoRead);
        } catch (Exception e) {
            client.close();
            throw e;
        }
        return client;
    }

    public static TesterNettyClient connect(URI uri) throws Exception {
        return connect(uri, null, false, true, true);
    }

    private void open(URI uri, String subprotocols, boolean compression, boolean autoRead) throws Exception {
        HttpHeaders headers = new DefaultHttpHeaders();
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, subprotocols, true, headers, 256 << 20);
        ChannelFuture connected = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536));
                        if (compression) {
                            ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                        }
                        ch.pipeline().addLast(new Handler(handshaker));
                    }
                }).connect(uri.getHost(), uri.getPort());
        channel = connected.channel();
        connected.sync();
        handshaker.handshake(channel).sync();
        FullHttpResponse response = handshake.get(10, TimeUnit.SECONDS);
        if (response.status().code() != 101) {
            throw new IllegalStateException("handshake refused: " + response.status());
        }
        channel.config().setAutoRead(autoRead);
    }

    /** The 101 response. */
    public FullHttpResponse handshakeResponse() {
        return handshake.getNow(null);
    }

    public void send(WebSocketFrame frame) {
        channel.writeAndFlush(frame).syncUninterruptibly();
    }

    public void sendText(String text) {
        send(new TextWebSocketFrame(text));
    }

    public void sendBinary(byte[] bytes) {
        send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /**
     * Sends the next {@code size} bytes of the pattern stream as one binary message, without waiting for the write.
     * Call from one thread.
     */
    public ChannelFuture sendPattern(int size) {
        ByteBuf payload = TesterBackend.patternChunk(channel.alloc().buffer(size), patternSent, size);
        patternSent += size;
        return channel.writeAndFlush(new BinaryWebSocketFrame(payload));
    }

    /** Bytes of the pattern stream sent so far. */
    public long patternSent() {
        return patternSent;
    }

    /** Binary bytes received that were checked against the pattern stream. */
    public long patternReceived() {
        return patternReceived.get();
    }

    /** Binary bytes received that were not the pattern stream's byte at their place. */
    public long patternMismatches() {
        return patternMismatches.get();
    }

    /** Sends {@code count} pings of {@code size} bytes as fast as the connection takes them, without waiting. */
    public void sendPings(int count, int size) {
        for (int i = 0; i < count; i++) {
            channel.write(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[size])));
            if (i % 256 == 255) {
                channel.flush();
            }
        }
        channel.flush();
    }

    /** Whether the TCP connection is still up. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Sends a close frame with any code, even those other clients refuse to send. */
    public void close(int code, String reason) {
        send(new CloseWebSocketFrame(true, 0, Unpooled.buffer().writeShort(code)
                .writeBytes(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    public void autoRead(boolean on) {
        channel.config().setAutoRead(on);
        if (on) {
            channel.read();
        }
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public Frame nextFrame() throws InterruptedException {
        Frame f = frames.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return f;
    }

    public TesterConnection.Close awaitClose(long seconds) throws Exception {
        return closeReceived.get(seconds, TimeUnit.SECONDS);
    }

    public boolean awaitClosed(long seconds) {
        return channel.closeFuture().awaitUninterruptibly(seconds, TimeUnit.SECONDS);
    }

    /** Drops the TCP connection (no close frame); shuts the event loop group down unless it is shared. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        FullHttpResponse response = handshake.isCompletedExceptionally() ? null : handshake.getNow(null);
        if (response != null && response.refCnt() > 0) {
            response.release();
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker handshaker;

        Handler(WebSocketClientHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpResponse response) {
                if (response.status().code() == 101) {
                    handshaker.finishHandshake(ctx.channel(), response);
                }
                handshake.complete(response.retainedDuplicate());
                return;
            }
            WebSocketFrame frame = (WebSocketFrame) msg;
            if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                closeReceived.complete(new TesterConnection.Close(code < 0 ? 1005 : code,
                        code < 0 ? "" : close.reasonText()));
                ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retain()))
                        .addListener(f -> ctx.close());
                return;
            }
            if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            }
            bytesReceived.addAndGet(frame.content().readableBytes());
            if (verify) {
                check(frame);
            }
            if (record) {
                frames.add(new Frame(kind(frame), frame.isFinalFragment(), ByteBufUtil.getBytes(frame.content())));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeReceived.complete(new TesterConnection.Close(1006, ""));
            handshake.completeExceptionally(new IllegalStateException("connection closed"));
        }

        private void check(WebSocketFrame frame) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) {
                binaryMessage = frame instanceof BinaryWebSocketFrame;
            } else if (!(frame instanceof ContinuationWebSocketFrame)) {
                return; // a control frame
            }
            if (!binaryMessage) {
                return;
            }
            ByteBuf content = frame.content();
            long at = patternReceived.get();
            int wrong = 0;
            for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
                if (content.getByte(i) != TesterBackend.pattern(at++)) {
                    wrong++;
                }
            }
            patternMismatches.addAndGet(wrong);
            patternReceived.set(at);
        }

        private String kind(WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame) {
                return "text";
            }
            if (frame instanceof BinaryWebSocketFrame) {
                return "binary";
            }
            if (frame instanceof ContinuationWebSocketFrame) {
                return "continuation";
            }
            if (frame instanceof PingWebSocketFrame) {
                return "ping";
            }
            if (frame instanceof PongWebSocketFrame) {
                return "pong";
            }
            return frame.getClass().getSimpleName();
        }
    }
}
