package org.wsgateway.it.bench;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import org.HdrHistogram.Histogram;

/**
 * An echo load client on one Netty event loop: connections each keep a bounded window of messages in flight
 * (throughput) or send at a fixed total rate (latency). Every echo is checked byte for byte against what was sent,
 * in order; a mismatch fails the run. Latency is measured from the intended send time, so a stalled gateway cannot
 * hide its stalls (no coordinated omission).
 */
public final class LoadClient implements AutoCloseable {

    /** One measurement. */
    public record Result(long messages, double seconds, Histogram latency) {
        public double rate() {
            return messages / seconds;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicLong echoes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final boolean text;
    private final int size;
    private volatile Histogram histogram;
    private volatile int window;

    private LoadClient(boolean text, int size) {
        this.text = text;
        this.size = size;
    }

    /** Opens {@code connections} WebSocket connections to {@code uri}. */
    public static LoadClient open(URI uri, int connections, boolean text, int size) throws Exception {
        LoadClient client = new LoadClient(text, size);
        for (int i = 0; i < connections; i++) {
            client.conns.add(client.connect(uri));
        }
        return client;
    }

    /** Sends with {@code window} messages in flight per connection for the given time; returns echoes per second. */
    public Result throughput(int window, double warmupSeconds, double seconds) throws InterruptedException {
        this.window = window;
        histogram = null;
        for (Conn c : conns) {
            c.channel.eventLoop().execute(() -> {
                c.fill();
                c.channel.flush();
            });
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        long start = echoes.get();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n = echoes.get() - start;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        this.window = 0;
        drain();
        check();
        return new Result(n, elapsed, null);
    }

    /** Sends {@code rate} messages per second in total, spread over the connections; returns RTT percentiles. */
    public Result latency(int rate, double warmupSeconds, double seconds) throws InterruptedException {
        this.window = 0;
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        histogram = null;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long[] next = {start};
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        int[] index = {0};
        CompletableFuture<Void> done = new CompletableFuture<>();
        io.netty.util.concurrent.ScheduledFuture<?> ticker = group.next().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            if (histogram == null && now >= measureFrom) {
                histogram = h;
            }
            while (next[0] <= now && next[0] < end) {
                Conn c = conns.get(index[0]++ % conns.size());
                c.send(next[0]);
                next[0] += intervalNanos;
            }
            if (now >= end) {
                done.complete(null);
            }
        }, 0, 200, TimeUnit.MICROSECONDS);
        long counted = echoes.get();
        try {
            done.get((long) (warmupSeconds + seconds + 30), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("latency run did not finish", e);
        } finally {
            ticker.cancel(false);
        }
        drain();
        histogram = null;
        check();
        return new Result(echoes.get() - counted, seconds, h);
    }

    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (conns.stream().anyMatch(c -> c.inFlight() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long stuck = conns.stream().filter(c -> c.inFlight() > 0).count();
        if (stuck > 0) {
            throw new IllegalStateException(stuck + " connection(s) still wait for echoes 30 s after sending stopped");
        }
    }

    private void check() {
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " echoes did not match what was sent");
        }
    }

    @Override
    public void close() {
        for (Conn c : conns) {
            c.channel.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Conn connect(URI uri) throws Exception {
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20);
        Conn conn = new Conn(handshaker);
        conn.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536), conn);
                    }
                }).connect(uri.getHost(), uri.getPort()).sync().channel();
        conn.ready.get(10, TimeUnit.SECONDS);
        return conn;
    }

    /** One connection: what it sent and still waits for, in order. */
    private final class Conn extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker handshaker;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final ArrayDeque<long[]> expected = new ArrayDeque<>();
        private Channel channel;
        private long sequence;
        /** This connection's masking key (RFC 6455 section 5.3: chosen at random by the client). */
        private final int mask = java.util.concurrent.ThreadLocalRandom.current().nextInt();

        Conn(WebSocketClientHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        int inFlight() {
            return expected.size();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // On the event loop, so the handshaker sees its own request written before the answer arrives.
            handshaker.handshake(ctx.channel());
            ctx.fireChannelActive();
        }

        /** Tops the window up; the caller flushes (once per read batch, not once per message). */
        void fill() {
            while (expected.size() < window) {
                send(System.nanoTime());
            }
        }

        /**
         * Sends one message stamped with its intended send time: a whole client frame built and masked in one pass
         * (Netty's frame encoder lets raw bytes through), so the client spends little per message.
         */
        void send(long intendedNanos) {
            long seq = sequence++;
            expected.add(new long[] {seq, intendedNanos});
            ByteBuf frame = Payloads.frame(channel.alloc(), text, size, seq, mask);
            if (window > 0) {
                channel.write(frame, channel.voidPromise());
            } else {
                channel.writeAndFlush(frame, channel.voidPromise());
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpResponse response) {
                handshaker.finishHandshake(ctx.channel(), response);
                ctx.pipeline().addBefore(ctx.name(), "aggregate", new WebSocketFrameAggregator(1 << 20));
                ready.complete(null);
                return;
            }
            WebSocketFrame frame = (WebSocketFrame) msg;
            long[] sent = expected.poll();
            if (sent == null || !Payloads.matches(frame.content(), text, size, sent[0])) {
                errors.incrementAndGet();
            }
            Histogram h = histogram;
            if (h != null && sent != null) {
                h.recordValue(Math.min(System.nanoTime() - sent[1], h.getHighestTrackableValue()));
            }
            echoes.incrementAndGet();
            if (window > 0) {
                fill();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.incrementAndGet();
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Message bodies: an 8-digit sequence number then a fixed fill, so each echo can be checked exactly. */
    static final class Payloads {
        private static final byte[] FILL = fill();
        private static final ByteBuf FILL_BUF = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(FILL));

        private Payloads() {
        }

        private static byte[] fill() {
            byte[] bytes = new byte[1 << 20];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) ('a' + i % 26);
            }
            return bytes;
        }

        /**
         * A whole masked client frame (FIN, text or binary) carrying the payload (an 8-digit sequence number,
         * then the fill) that {@link #matches} checks: header, key, then
         * the payload XORed with the key eight bytes at a time as it is copied.
         */
        static ByteBuf frame(io.netty.buffer.ByteBufAllocator alloc, boolean text, int size, long seq, int key) {
            int header = size < 126 ? 2 : size <= 0xFFFF ? 4 : 10;
            ByteBuf buf = alloc.directBuffer(header + 4 + size);
            buf.writeByte(0x80 | (text ? 1 : 2));
            if (size < 126) {
                buf.writeByte(0x80 | size);
            } else if (size <= 0xFFFF) {
                buf.writeByte(0x80 | 126).writeShort(size);
            } else {
                buf.writeByte(0x80 | 127).writeLong(size);
            }
            buf.writeInt(key);
            // The key's bytes in wire order, twice, as a little-endian long: XOR with 8 payload bytes read LE.
            long k = Integer.reverseBytes(key) & 0xFFFFFFFFL;
            long mask8 = k | (k << 32);
            int start = buf.writerIndex();
            buf.writeLong(0);
            writeSequence(buf, seq);
            buf.setLongLE(start, buf.getLongLE(start) ^ mask8);
            int i = 8;
            for (; i + 8 <= size; i += 8) {
                buf.writeLongLE((long) LONG_LE.get(FILL, i) ^ mask8);
            }
            for (; i < size; i++) {
                buf.writeByte(FILL[i] ^ (int) (mask8 >>> ((i & 3) * 8)));
            }
            return buf;
        }

        private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles
                .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

        private static void writeSequence(ByteBuf buf, long seq) {
            long s = seq % 100_000_000L;
            for (int i = 7; i >= 0; i--) {
                buf.setByte(buf.writerIndex() - 8 + i, (byte) ('0' + s % 10));
                s /= 10;
            }
        }

        static boolean matches(ByteBuf content, boolean text, int size, long seq) {
            if (content.readableBytes() != size) {
                return false;
            }
            long s = seq % 100_000_000L;
            for (int i = 7; i >= 0; i--) {
                if (content.getByte(content.readerIndex() + i) != (byte) ('0' + s % 10)) {
                    return false;
                }
                s /= 10;
            }
            return ByteBufUtil.equals(content, content.readerIndex() + 8, FILL_BUF, 8, size - 8);
        }
    }
}
