package org.wsgateway.relay.client;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.FrameWriter;
import org.wsgateway.relay.frame.MessageDeflater;

/**
 * Writes frames to a client in order, without ever blocking the caller: everything queued while a write is under
 * way goes out in the next write, gathered (header and payload buffers side by side, no copy for large payloads).
 * A write that completes at once completes on the caller's thread; one that has to wait for the socket completes on
 * a Tomcat thread. Bytes waiting here are bounded by the relay, which stops reading the backend when
 * {@link #data} returns {@code false} (above {@link #HIGH_WATER}) and resumes after {@link ClientListener#onClientDrained}
 * (below {@link #LOW_WATER}). Control frames (pongs, the gateway's pings) wait here {@value #MAX_CONTROL} at most:
 * at that many the client is not read ({@link #mayRead()}), so a client that pings without reading the answers is
 * slowed down by TCP, and any control frame beyond them is dropped (a peer need only get the answer to its most
 * recent pings, RFC 6455 section 5.5.3).
 */
final class ClientWriter implements CompletionHandler<Long, Void> {

    static final long HIGH_WATER = 64 * 1024;
    static final long LOW_WATER = 16 * 1024;
    static final int MAX_CONTROL = 8;
    private static final int MAX_GATHER = 64;

    private final SocketWrapperBase<?> socket;
    private final ByteBufAllocator alloc;
    private final MessageDeflater deflater;
    private final ClientListener listener;
    private final ClientConnection connection;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final ByteBuf[] inFlight = new ByteBuf[MAX_GATHER];
    /** Where in the stream of buffers (counted by {@link #buffersAdded}) the control frames not yet written are. */
    private final ArrayDeque<Long> controls = new ArrayDeque<>();
    /** Whether {@value #MAX_CONTROL} control frames wait: read on every piece the client sends, without the lock. */
    private volatile boolean controlsFull;
    private long buffersAdded;
    private long buffersWritten;
    private int inFlightCount;
    private long queuedBytes;
    private boolean writing;
    private boolean pumping;
    private boolean paused;
    private boolean closing;
    private boolean closeSocketWhenDone;
    private boolean failed;

    ClientWriter(ClientConnection connection, SocketWrapperBase<?> socket, ByteBufAllocator alloc,
            MessageDeflater deflater, ClientListener listener) {
        this.connection = connection;
        this.socket = socket;
        this.alloc = alloc;
        this.deflater = deflater;
        this.listener = listener;
    }

    /**
     * Queues a piece of a data message; takes ownership of {@code piece}. It is written at the next {@link #flush()},
     * together with whatever else was queued by then.
     *
     * @return {@code false} if the caller must stop producing until {@link ClientListener#onClientDrained()}
     */
    boolean data(boolean text, boolean first, boolean last, ByteBuf piece) {
        synchronized (this) {
            if (closing || failed) {
                piece.release();
                return true;
            }
            boolean compress = deflater != null;
            add(FrameWriter.dataOpcode(text, first), last, compress && first ? FrameReader.RSV1 : 0,
                    compress ? deflater.deflatePiece(piece, last, alloc) : piece);
            if (queuedBytes > HIGH_WATER) {
                paused = true;
            }
            return !paused;
        }
    }

    /** Queues bytes that are not a frame (the handshake's HTTP answer): they go out first; takes ownership. */
    void head(ByteBuf bytes) {
        synchronized (this) {
            queue.add(bytes);
            buffersAdded++;
            queuedBytes += bytes.readableBytes();
        }
    }

    /** Writes what is queued (unless a write is under way; then it follows that one). */
    void flush() {
        pump();
    }

    /**
     * Queues a ping or pong; takes ownership of {@code payload}. Dropped when {@value #MAX_CONTROL} control frames
     * are waiting already.
     */
    void control(int opcode, ByteBuf payload) {
        synchronized (this) {
            if (closing || failed || controls.size() >= MAX_CONTROL) {
                payload.release();
                return;
            }
            controls.add(buffersAdded);
            controlsFull = controls.size() >= MAX_CONTROL;
            add(opcode, true, 0, payload);
        }
        pump();
    }

    /** Whether the client may be read: fewer than {@value #MAX_CONTROL} control frames wait to be written to it. */
    boolean mayRead() {
        return !controlsFull;
    }

    /**
     * Queues a close frame behind what is queued; nothing is written after it.
     *
     * @param closeSocket close the connection once the close frame is written
     */
    void close(int code, String reason, boolean closeSocket) {
        synchronized (this) {
            if (closing || failed) {
                return;
            }
            closing = true;
            closeSocketWhenDone = closeSocket;
            add(FrameReader.OP_CLOSE, true, 0, FrameWriter.closePayload(alloc, code, reason));
        }
        pump();
    }

    /** Closes the connection once everything queued is written (the client answered our close). */
    void closeSocketWhenDone() {
        boolean now;
        synchronized (this) {
            closeSocketWhenDone = true;
            now = !writing && queue.isEmpty();
        }
        if (now) {
            connection.closeSocket(true);
        }
    }

    /** Drops what is queued (the connection is gone). */
    synchronized void discard() {
        failed = true;
        queue.forEach(ByteBuf::release);
        queue.clear();
        controls.clear();
        controlsFull = false;
        queuedBytes = 0;
    }

    /** Drops what is queued and frees the compressor: the connection is over. */
    synchronized void end() {
        discard();
        if (deflater != null) {
            deflater.end();
        }
    }

    private void add(int opcode, boolean fin, int rsv, ByteBuf payload) {
        ByteBuf frame = FrameWriter.frame(alloc, opcode, fin, rsv, payload);
        queue.add(frame);
        buffersAdded++;
        queuedBytes += frame.readableBytes();
        if (FrameWriter.inlined(payload)) {
            payload.release();
        } else {
            queue.add(payload);
            buffersAdded++;
            queuedBytes += payload.readableBytes();
        }
    }

    /** Starts a write of everything queued unless one is under way; writes that complete at once loop here. */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            ByteBuffer[] buffers;
            synchronized (this) {
                if (writing || queue.isEmpty() || failed) {
                    pumping = false;
                    return;
                }
                writing = true;
                inFlightCount = 0;
                while (inFlightCount < MAX_GATHER && !queue.isEmpty()) {
                    inFlight[inFlightCount++] = queue.poll();
                }
                buffers = new ByteBuffer[inFlightCount];
                for (int i = 0; i < inFlightCount; i++) {
                    buffers[i] = inFlight[i].nioBuffer();
                }
            }
            socket.write(BlockingMode.SEMI_BLOCK, -1, TimeUnit.MILLISECONDS, null,
                    SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION, this, buffers);
        }
    }

    /** Tomcat wrote everything of the last write. */
    @Override
    public void completed(Long written, Void attachment) {
        boolean drained = false;
        boolean readable;
        boolean closeNow;
        synchronized (this) {
            boolean blocked = controls.size() >= MAX_CONTROL;
            for (int i = 0; i < inFlightCount; i++) {
                queuedBytes -= inFlight[i].readableBytes();
                inFlight[i].release();
                inFlight[i] = null;
            }
            buffersWritten += inFlightCount;
            while (!controls.isEmpty() && controls.peek() < buffersWritten) {
                controls.poll();
            }
            controlsFull = controls.size() >= MAX_CONTROL;
            readable = blocked && !controlsFull;
            inFlightCount = 0;
            writing = false;
            if (paused && queuedBytes <= LOW_WATER) {
                paused = false;
                drained = true;
            }
            closeNow = closeSocketWhenDone && queue.isEmpty();
        }
        if (closeNow) {
            connection.closeSocket(true);
            return;
        }
        if (drained) {
            listener.onClientDrained();
        }
        if (readable) {
            connection.resumeReading();
        }
        pump();
    }

    @Override
    public void failed(Throwable cause, Void attachment) {
        synchronized (this) {
            for (int i = 0; i < inFlightCount; i++) {
                inFlight[i].release();
                inFlight[i] = null;
            }
            inFlightCount = 0;
            writing = false;
        }
        discard();
        connection.closeSocket(false);
    }
}
