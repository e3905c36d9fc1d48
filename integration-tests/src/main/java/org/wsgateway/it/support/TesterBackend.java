package org.wsgateway.it.support;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * A real WebSocket backend for tests, the demo and the benchmark (Netty). Paths choose the behaviour:
 * <ul>
 * <li>{@code /echo...}: every frame is sent back as it came, keeping fragmentation;</li>
 * <li>{@code /control...}: text commands (see {@link TesterConnection});</li>
 * <li>{@code /pause...}: like control, but reading starts paused until the test resumes it;</li>
 * <li>{@code /deaf...}: like control, but pings are never answered;</li>
 * <li>{@code /reject/<status>}: the upgrade is refused with that HTTP status;</li>
 * <li>{@code /hang}: the upgrade is never answered.</li>
 * </ul>
 * A query parameter {@code subprotocol=none} makes the backend choose no subprotocol; otherwise it takes the client's
 * first. The 101 answer carries {@code Set-Cookie: backend=1} and {@code X-Backend: tester}. Every upgraded
 * connection is published to {@link #connections()}; every accepted TCP connection, upgraded or not, counts in
 * {@link #openChannels()} until it closes.
 */
public final class TesterBackend implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;
    private final BlockingQueue<TesterConnection> connections = new LinkedBlockingQueue<>();
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final boolean tls;

    private TesterBackend(int threads, SslContext ssl) throws InterruptedException {
        this(threads, ssl, 0);
    }

    private TesterBackend(int threads, SslContext ssl, int port) throws InterruptedException {
        this.tls = ssl != null;
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        open.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc()));
                        }
                        p.addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketServerCompressionHandler(0), new Upgrader());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    /** Starts a plain {@code ws://} backend on a free loopback port. */
    public static TesterBackend start() throws InterruptedException {
        return new TesterBackend(2, null);
    }

    /** Starts a backend with the given event loop threads, and TLS if {@code ssl} is not null. */
    public static TesterBackend start(int threads, SslContext ssl) throws InterruptedException {
        return new TesterBackend(threads, ssl);
    }

    /** Starts a plain backend on the given loopback port (0: any free port). */
    public static TesterBackend startOn(int port, int threads) throws InterruptedException {
        return new TesterBackend(threads, null, port);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The URL of a path on this backend, e.g. {@code ws://127.0.0.1:41234/echo}. */
    public URI url(String path) {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + port() + path);
    }

    /** Every upgraded connection, in the order they were accepted. */
    public BlockingQueue<TesterConnection> connections() {
        return connections;
    }

    /** The accepted TCP connections not closed yet (a closed channel leaves the group by itself). */
    public int openChannels() {
        return open.size();
    }

    /** The open connections, one line each: addresses, state and the pipeline's handlers (for failure messages). */
    public String describeOpenChannels() {
        StringBuilder sb = new StringBuilder();
        open.forEach(ch -> sb.append(ch.remoteAddress()).append(" active=").append(ch.isActive())
                .append(" autoRead=").append(ch.config().isAutoRead()).append(" writable=").append(ch.isWritable())
                .append(' ').append(ch.pipeline().names()).append('\n'));
        return sb.toString();
    }

    /** The next upgraded connection, waiting at most 10 s. */
    public TesterConnection nextConnection() throws InterruptedException {
        TesterConnection c = connections.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no connection reached the backend within 10 s");
        }
        return c;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers or refuses the upgrade according to the path. */
    private final class Upgrader extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            String path = query.path();
            if (path.startsWith("/reject/")) {
                int status = Integer.parseInt(path.substring("/reject/".length()));
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(status), Unpooled.copiedBuffer("denied by backend",
                                StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                if (status == 401) {
                    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"tester\"");
                }
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (path.equals("/hang")) {
                return;
            }
            boolean noSubprotocol = query.parameters().containsKey("subprotocol")
                    && query.parameters().get("subprotocol").contains("none");
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    (tls ? "wss" : "ws") + "://" + request.headers().get(HttpHeaderNames.HOST) + path,
                    noSubprotocol ? null : "*",
                    WebSocketDecoderConfig.newBuilder().allowExtensions(true).maxFramePayloadLength(256 << 20)
                            .build()).newHandshaker(request);
            HttpHeaders extra = new DefaultHttpHeaders().add(HttpHeaderNames.SET_COOKIE, "backend=1; Path=/")
                    .add("X-Backend", "tester");
            TesterConnection connection = new TesterConnection(ctx.channel(), request.uri(), copy(request.headers()),
                    path.startsWith("/echo"), path.startsWith("/deaf"));
            ctx.pipeline().replace(this, "frames", connection.handler());
            if (path.startsWith("/pause")) {
                ctx.channel().config().setAutoRead(false);
            }
            handshaker.handshake(ctx.channel(), request, extra, ctx.newPromise()).addListener(f -> {
                if (f.isSuccess()) {
                    connection.opened(handshaker.selectedSubprotocol());
                    connections.add(connection);
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A client that refused our certificate, or went away during the handshake: nothing to report.
            ctx.close();
        }

        private Map<String, String> copy(HttpHeaders headers) {
            Map<String, String> result = new java.util.LinkedHashMap<>();
            headers.forEach(h -> result.merge(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue(),
                    (a, b) -> a + ", " + b));
            return result;
        }
    }

    /** A deterministic byte pattern for large payloads, so every byte can be checked at the other end. */
    public static byte pattern(long index) {
        return (byte) (index % 251);
    }

    static ByteBuf patternChunk(ByteBuf buf, long offset, int length) {
        for (int i = 0; i < length; i++) {
            buf.writeByte(pattern(offset + i));
        }
        return buf;
    }
}
