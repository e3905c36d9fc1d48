package org.wsgateway.relay.backend;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Performs the client side of the WebSocket opening handshake (RFC 6455 section 4.1) with a backend: sends the
 * upgrade request once the connection (and TLS) is up, checks the 101 answer, negotiates permessage-deflate and
 * the subprotocol, then turns the pipeline into a frame pipeline that is not yet reading. Every failure completes the
 * future with a {@link BackendException} carrying the HTTP status for the client, and closes the channel.
 */
final class BackendUpgradeHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BackendRequest request;
    private final CompletableFuture<BackendConnection> result;
    private String expectedAccept;
    private ScheduledFuture<?> timeout;

    BackendUpgradeHandler(BackendRequest request, CompletableFuture<BackendConnection> result) {
        this.request = request;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            sendRequest(ctx);
        } else {
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    sendRequest(ctx);
                } else {
                    fail(ctx, BackendClient.connectFailure(f.cause(), request));
                }
            });
        }
        ctx.fireChannelActive();
    }

    private void sendRequest(ChannelHandlerContext ctx) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        expectedAccept = UpgradeHeaders.accept(key);
        URI target = request.target();
        String pathAndQuery = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        FullHttpRequest upgrade = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pathAndQuery,
                Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = upgrade.headers();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        headers.set(HttpHeaderNames.HOST, hostHeader(target))
                .set(HttpHeaderNames.UPGRADE, "websocket")
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, key)
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        if (!request.subprotocols().isEmpty()) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", request.subprotocols()));
        }
        if (request.settings().backendCompression()) {
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate");
        }
        long millis = request.settings().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> fail(ctx, new BackendException(504,
                "the backend did not answer the upgrade within " + millis + " ms")), millis, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(upgrade).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, new BackendException(502, "cannot send the upgrade request to the backend", f.cause()));
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        int status = response.status().code();
        if (status != 101) {
            fail(ctx, rejected(response));
            return;
        }
        try {
            HttpHeaders headers = response.headers();
            if (!headers.containsValue(HttpHeaderNames.UPGRADE, "websocket", true)
                    || !headers.containsValue(HttpHeaderNames.CONNECTION, "upgrade", true)
                    || !expectedAccept.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT))) {
                throw new BackendException(502, "the backend's 101 answer is not a valid WebSocket handshake");
            }
            String subprotocol = headers.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            if (subprotocol != null && !request.subprotocols().contains(subprotocol.trim())) {
                throw new BackendException(502, "the backend chose subprotocol '" + subprotocol
                        + "', which the client did not offer");
            }
            DeflateParameters deflate = DeflateParameters.negotiated(
                    headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS), request.settings().backendCompression());
            upgradePipeline(ctx, deflate);
            result.complete(new BackendConnection(ctx.channel(), subprotocol == null ? null : subprotocol.trim(),
                    returnedHeaders(headers), deflate == null ? null : deflate.deflater()));
        } catch (BackendException e) {
            fail(ctx, e);
        }
    }

    private void upgradePipeline(ChannelHandlerContext ctx, DeflateParameters deflate) {
        ctx.channel().config().setAutoRead(false);
        ChannelPipeline p = ctx.pipeline();
        HttpClientCodec codec = p.get(HttpClientCodec.class);
        codec.removeOutboundHandler();
        p.addAfter("http", "ws-decoder", new BackendFrameDecoder(deflate == null ? null : deflate.inflater(),
                request.settings().maxMessageSize()));
        p.addAfter("http", "ws-encoder", new WebSocket13FrameEncoder(true));
        p.remove("aggregator");
        p.replace(this, "frames", new BackendFrameHandler());
        // Removed later, as Netty's own handshaker does: bytes after the 101 still flow through it to the decoder.
        ctx.channel().eventLoop().execute(() -> {
            if (p.get(HttpClientCodec.class) != null) {
                p.remove(codec);
            }
        });
    }

    private static List<Map.Entry<String, String>> returnedHeaders(HttpHeaders headers) {
        List<Map.Entry<String, String>> returned = new ArrayList<>();
        Set<String> hopByHop = new HashSet<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                hopByHop.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (Map.Entry<String, String> header : headers) {
            if (UpgradeHeaders.returnedToClient(header.getKey())
                    && !hopByHop.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                returned.add(Map.entry(header.getKey(), header.getValue()));
            }
        }
        return returned;
    }

    private static BackendException rejected(FullHttpResponse response) {
        int status = response.status().code();
        if (status == 401 || status == 403) {
            List<Map.Entry<String, String>> passed = new ArrayList<>();
            response.headers().getAll(HttpHeaderNames.WWW_AUTHENTICATE)
                    .forEach(value -> passed.add(Map.entry("WWW-Authenticate", value)));
            return new BackendException(status, "the backend refused the upgrade with HTTP " + status, passed,
                    ByteBufUtil.getBytes(response.content()), response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        }
        return new BackendException(502, "the backend refused the upgrade with HTTP " + status);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new BackendException(502, "the backend closed the connection during the handshake"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, BackendClient.connectFailure(cause, request));
    }

    private void fail(ChannelHandlerContext ctx, BackendException failure) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (result.completeExceptionally(failure)) {
            ctx.close();
        }
    }

    private static String hostHeader(URI target) {
        int port = target.getPort();
        boolean defaultPort = port == -1 || (port == 80 && "ws".equalsIgnoreCase(target.getScheme()))
                || (port == 443 && "wss".equalsIgnoreCase(target.getScheme()));
        String host = target.getHost().toLowerCase(Locale.ROOT);
        return defaultPort ? host : host + ":" + port;
    }
}
