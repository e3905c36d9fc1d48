package org.wsgateway.relay.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.relay.frame.FrameBatch;

/**
 * Opens WebSocket connections to backends on a small pool of event loop threads (one per core by default). A
 * connection is complete only when the backend has accepted the upgrade; until then every failure becomes a
 * {@link BackendException} with the status the client should get.
 */
public final class BackendClient implements AutoCloseable {

    /** Write buffer water marks per backend connection: above the high mark the client leg stops being read. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    static {
        // Netty logs through java.util.logging, which Tomcat's JULI configures (logging.properties).
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        // Leak detection samples allocations and records stack traces: a development aid, too dear for a relay's
        // every buffer. It stays on if the (relocated) Netty property asks for it.
        if (System.getProperty(ResourceLeakDetector.class.getPackageName() + ".leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Map<TlsSettings, SslContext> sslContexts = new ConcurrentHashMap<>();

    /**
     * @param threads    event loop threads
     * @param threadName prefix of their names
     */
    public BackendClient(int threads, String threadName) {
        this.group = new MultiThreadIoEventLoopGroup(threads, daemonThreads(threadName), NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, FrameBatch.ALLOCATOR)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    }

    /** Connects and performs the upgrade; the future fails with a {@link BackendException}. */
    public CompletableFuture<BackendConnection> connect(BackendRequest request) {
        CompletableFuture<BackendConnection> result = new CompletableFuture<>();
        URI target = request.target();
        boolean secure = "wss".equalsIgnoreCase(target.getScheme());
        String host = target.getHost().startsWith("[") ? target.getHost().substring(1, target.getHost().length() - 1)
                : target.getHost();
        int port = target.getPort() != -1 ? target.getPort() : secure ? 443 : 80;
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, request.settings().connectTimeout().toMillis());
        SslContext ssl;
        try {
            ssl = secure ? sslContext(request.settings().tls()) : null;
        } catch (GeneralSecurityException | IOException e) {
            result.completeExceptionally(new BackendException(502, "cannot set up TLS for the backend", e));
            return result;
        }
        Bootstrap b = bootstrap.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            SslHandler tls = ssl.newHandler(ch.alloc(), host, port);
                            tls.setHandshakeTimeoutMillis(connectMillis);
                            p.addLast("tls", tls);
                        }
                        p.addLast("http", new HttpClientCodec());
                        p.addLast("aggregator", new HttpObjectAggregator(64 * 1024));
                        p.addLast("handshake", new BackendUpgradeHandler(request, result));
                    }
                });
        b.connect(host, port).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(connectFailure(f.cause(), request));
            }
        });
        return result;
    }

    /** Maps a failure before the upgrade answer to the client's status: 504 for timeouts, 502 otherwise. */
    static BackendException connectFailure(Throwable cause, BackendRequest request) {
        if (cause instanceof BackendException e) {
            return e;
        }
        String where = request.target().getHost() + ":" + request.target().getPort();
        if (cause instanceof ConnectTimeoutException || cause instanceof SslHandshakeTimeoutException) {
            return new BackendException(504, "the backend " + where + " did not accept the connection within "
                    + request.settings().connectTimeout().toMillis() + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return new BackendException(502, "the backend " + where + " refused the connection", cause);
        }
        if (cause instanceof UnknownHostException) {
            return new BackendException(502, "the backend host " + request.target().getHost() + " is unknown", cause);
        }
        Throwable tls = cause instanceof SSLException ? cause : cause.getCause();
        if (tls instanceof SSLException) {
            return new BackendException(502, "the TLS handshake with the backend " + where + " failed: "
                    + tls.getMessage(), cause);
        }
        return new BackendException(502, "cannot connect to the backend " + where + ": " + cause, cause);
    }

    private SslContext sslContext(TlsSettings tls) throws GeneralSecurityException, IOException {
        SslContext cached = sslContexts.get(tls);
        if (cached != null) {
            return cached;
        }
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm(tls.verifyHostname() ? "HTTPS" : null);
        if (tls.trustCertificates() != null) {
            builder.trustManager(tls.trustCertificates().toFile());
        } else if (tls.trustStore() != null) {
            KeyStore store = KeyStore.getInstance(tls.trustStoreType());
            try (InputStream in = Files.newInputStream(tls.trustStore())) {
                store.load(in, tls.trustStorePassword() == null ? null : tls.trustStorePassword().toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            builder.trustManager(tmf);
        }
        SslContext context = builder.build();
        sslContexts.put(tls, context);
        return context;
    }

    /** Forgets cached TLS contexts, so changed trust files are read again. */
    public void clearTlsCache() {
        sslContexts.clear();
    }

    /** Closes every backend connection and stops the threads, waiting at most two seconds. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Netty's fast-thread-local threads, daemon, with this class's loader as context loader (never a webapp's). */
    private static ThreadFactory daemonThreads(String prefix) {
        ClassLoader loader = BackendClient.class.getClassLoader();
        return new DefaultThreadFactory(prefix, true) {
            @Override
            protected Thread newThread(Runnable r, String name) {
                Thread t = super.newThread(r, name);
                t.setContextClassLoader(loader);
                return t;
            }
        };
    }
}
