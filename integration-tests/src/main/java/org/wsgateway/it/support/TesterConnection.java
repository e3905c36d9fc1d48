package org.wsgateway.it.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One upgraded connection on the {@link TesterBackend}, with what it saw. On control paths, a text message is a
 * command:
 * <ul>
 * <li>{@code close CODE [REASON]}, {@code closeempty}: the backend starts a close;</li>
 * <li>{@code flood COUNT SIZE}: COUNT binary messages of SIZE bytes, as fast as the connection takes them;</li>
 * <li>{@code big SIZE}, {@code bigtext SIZE}: one message of SIZE bytes in a single frame, streamed;</li>
 * <li>{@code fragments N}: a text message in N fragments;</li>
 * <li>{@code kill}: the TCP connection is dropped without a close frame;</li>
 * <li>{@code ping}: the backend pings;</li>
 * <li>{@code headers}: the request line and headers come back as text;</li>
 * <li>{@code garbage}, {@code badclose}: a frame that breaks the protocol;</li>
 * <li>{@code bomb SIZE}: a decompression bomb, one compressed binary frame of SIZE zeros (on a leg that negotiated
 * permessage-deflate);</li>
 * <li>{@code pingflood COUNT}: COUNT empty pings at once.</li>
 * </ul>
 * Binary messages received are checked against {@link TesterBackend#pattern(long)}. On {@code /deaf} paths,
 * pings are not answered.
 */
public final class TesterConnection {

    /** A close frame as received. */
    public record Close(int code, String reason) {
    }

    private final Channel channel;
    private final String uri;
    private final Map<String, String> headers;
    private final boolean echo;
    private final boolean deaf;
    private volatile String subprotocol;
    private final CompletableFuture<Close> closeReceived = new CompletableFuture<>();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong pingsReceived = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    private final AtomicLong patternErrors = new AtomicLong();
    private long messageOffset;
    private boolean binaryMessage;
    private StringBuilder text;
    private Runnable streamer;

    TesterConnection(Channel channel, String uri, Map<String, String> headers, boolean echo, boolean deaf) {
        this.channel = channel;
        this.uri = uri;
        this.headers = headers;
        this.echo = echo;
        this.deaf = deaf;
    }

    void opened(String selected) {
        this.subprotocol = selected;
    }

    public String uri() {
        return uri;
    }

    /** Request headers, names in lower case, repeated headers joined with ", ". */
    public Map<String, String> headers() {
        return headers;
    }

    public String subprotocol() {
        return subprotocol;
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** Payload bytes of data frames the backend wrote that left its socket. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    public long pingsReceived() {
        return pingsReceived.get();
    }

    public long pongsReceived() {
        return pongsReceived.get();
    }

    /** Received binary bytes that did not match the pattern. */
    public long patternErrors() {
        return patternErrors.get();
    }

    /** The next text message received, waiting at most 10 s, or {@code null}. */
    public String nextText() throws InterruptedException {
        return texts.poll(10, TimeUnit.SECONDS);
    }

    /** The close frame the backend received, waiting at most {@code seconds}. */
    public Close awaitClose(long seconds) throws Exception {
        return closeReceived.get(seconds, TimeUnit.SECONDS);
    }

    /** Whether the TCP connection ended within {@code seconds}. */
    public boolean awaitClosed(long seconds) {
        return channel.closeFuture().awaitUninterruptibly(seconds, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public void sendText(String message) {
        channel.writeAndFlush(new TextWebSocketFrame(message));
    }

    /** Drops the TCP connection, without a close frame. */
    public void drop() {
        channel.close();
    }

    /** Starts reading (for connections on a {@code /pause} path). */
    public void resumeReading() {
        channel.eventLoop().execute(() -> {
            channel.config().setAutoRead(true);
            channel.read();
        });
    }

    SimpleChannelInboundHandler<WebSocketFrame> handler() {
        return new SimpleChannelInboundHandler<>(false) {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                onFrame(ctx, frame);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    if (echo) {
                        ctx.channel().config().setAutoRead(true);
                    }
                    if (streamer != null) {
                        streamer.run();
                    }
                }
                ctx.fireChannelWritabilityChanged();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                closeReceived.complete(new Close(1006, ""));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            pingsReceived.incrementAndGet();
            if (deaf) {
                frame.release();
            } else {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content()));
            }
        } else if (frame instanceof PongWebSocketFrame) {
            pongsReceived.incrementAndGet();
            frame.release();
        } else if (frame instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            closeReceived.complete(new Close(code < 0 ? 1005 : code, code < 0 ? "" : close.reasonText()));
            ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
            close.release();
        } else {
            data(ctx, frame);
        }
    }

    private void data(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ByteBuf content = frame.content();
        bytesReceived.addAndGet(content.readableBytes());
        if (!(frame instanceof ContinuationWebSocketFrame)) {
            binaryMessage = frame instanceof BinaryWebSocketFrame;
            messageOffset = 0;
            text = binaryMessage || echo ? null : new StringBuilder();
        }
        if (binaryMessage && !echo) {
            for (int i = content.readerIndex(); i < content.writerIndex(); i++) {
                if (content.getByte(i) != TesterBackend.pattern(messageOffset++)) {
                    patternErrors.incrementAndGet();
                }
            }
        } else if (text != null && text.length() < 1 << 20) {
            text.append(content.toString(StandardCharsets.UTF_8));
        }
        if (frame.isFinalFragment()) {
            messagesReceived.incrementAndGet();
        }
        if (echo) {
            ctx.writeAndFlush(frame);
            if (!ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        frame.release();
        if (frame.isFinalFragment() && text != null) {
            String message = text.toString();
            texts.add(message);
            command(ctx, message);
        }
    }

    private void command(ChannelHandlerContext ctx, String line) {
        String[] words = line.split(" ", 3);
        switch (words[0]) {
            case "close" -> ctx.writeAndFlush(new CloseWebSocketFrame(Integer.parseInt(words[1]),
                    words.length > 2 ? words[2] : ""));
            case "closeempty" -> ctx.writeAndFlush(new CloseWebSocketFrame());
            case "flood" -> stream(ctx, Long.parseLong(words[1]), Integer.parseInt(words[2]), (byte) 0x82);
            case "big" -> stream(ctx, 1, Long.parseLong(words[1]), (byte) 0x82);
            case "bigtext" -> stream(ctx, 1, Long.parseLong(words[1]), (byte) 0x81);
            case "fragments" -> fragments(ctx, Integer.parseInt(words[1]));
            case "kill" -> ctx.channel().close();
            case "ping" -> ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer("hello",
                    StandardCharsets.UTF_8)));
            case "headers" -> ctx.writeAndFlush(new TextWebSocketFrame(describeRequest()));
            case "subprotocol" -> ctx.writeAndFlush(new TextWebSocketFrame(String.valueOf(subprotocol)));
            case "garbage" -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0x83, 0}));
            case "badclose" -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) 0x88, 2, 0x03,
                    (byte) 0xed}));
            case "bomb" -> ctx.writeAndFlush(bomb(Integer.parseInt(words[1])));
            case "pingflood" -> ctx.writeAndFlush(Unpooled.wrappedBuffer(pings(Integer.parseInt(words[1]))));
            default -> { }
        }
    }

    private String describeRequest() {
        StringBuilder sb = new StringBuilder(uri);
        headers.forEach((k, v) -> sb.append('\n').append(k).append(": ").append(v));
        return sb.toString();
    }

    private void fragments(ChannelHandlerContext ctx, int n) {
        for (int i = 0; i < n; i++) {
            ByteBuf part = Unpooled.copiedBuffer("part" + i, StandardCharsets.UTF_8);
            boolean last = i == n - 1;
            ctx.write(i == 0 ? new TextWebSocketFrame(last, 0, part) : new ContinuationWebSocketFrame(last, 0, part));
        }
        ctx.flush();
    }

    /**
     * Writes {@code count} single-frame messages of {@code size} bytes with the given first header byte, as raw
     * bytes, only while the channel is writable: a backend that respects backpressure.
     */
    private void stream(ChannelHandlerContext ctx, long count, long size, byte firstByte) {
        long[] state = {0, 0}; // messages done, bytes of the current message done
        boolean[] running = {false};
        streamer = () -> {
            // A flush can report writability at once, calling back in here: one loop at a time.
            if (running[0]) {
                return;
            }
            running[0] = true;
            while (ctx.channel().isActive() && ctx.channel().isWritable() && state[0] < count) {
                long offset = state[1];
                int chunk = (int) Math.min(64 * 1024, size - offset);
                state[1] += chunk;
                if (state[1] == size) {
                    state[0]++;
                    state[1] = 0;
                }
                if (offset == 0) {
                    ctx.write(header(firstByte, size));
                }
                ByteBuf payload = firstByte == (byte) 0x81 ? textChunk(chunk)
                        : TesterBackend.patternChunk(ctx.alloc().buffer(chunk), offset, chunk);
                ctx.writeAndFlush(payload).addListener(f -> {
                    if (f.isSuccess()) {
                        bytesWritten.addAndGet(chunk);
                    }
                });
            }
            running[0] = false;
        };
        streamer.run();
    }

    /** An unmasked binary frame, flagged compressed (RSV1), whose payload inflates to {@code zeros} zero bytes. */
    private static ByteBuf bomb(int zeros) {
        byte[] compressed = deflatedZeros(zeros);
        return Unpooled.wrappedBuffer(header((byte) 0xc2, compressed.length), Unpooled.wrappedBuffer(compressed));
    }

    /**
     * {@code zeros} zero bytes compressed as permessage-deflate sends them (raw deflate, sync flush, without the
     * trailing 00 00 ff ff): about a thousandth of their size.
     */
    public static byte[] deflatedZeros(int zeros) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(new byte[zeros]);
            byte[] out = new byte[zeros / 500 + 1024];
            int n = deflater.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
            return java.util.Arrays.copyOf(out, n - 4);
        } finally {
            deflater.end();
        }
    }

    /** {@code count} empty ping frames, masked with {@code mask} unless it is 0 (a server's frames are not). */
    public static byte[] pings(int count, int mask) {
        int size = mask == 0 ? 2 : 6;
        byte[] out = new byte[count * size];
        for (int i = 0; i < count; i++) {
            out[i * size] = (byte) 0x89;
            if (mask != 0) {
                out[i * size + 1] = (byte) 0x80;
                for (int b = 0; b < 4; b++) {
                    out[i * size + 2 + b] = (byte) (mask >>> (24 - 8 * b));
                }
            }
        }
        return out;
    }

    private static byte[] pings(int count) {
        return pings(count, 0);
    }

    private static ByteBuf textChunk(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'a');
        return Unpooled.wrappedBuffer(bytes);
    }

    private static ByteBuf header(byte firstByte, long size) {
        ByteBuf header = Unpooled.buffer(10);
        header.writeByte(firstByte);
        if (size < 126) {
            header.writeByte((int) size);
        } else if (size < 65536) {
            header.writeByte(126).writeShort((int) size);
        } else {
            header.writeByte(127).writeLong(size);
        }
        return header;
    }
}
