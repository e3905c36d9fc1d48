package org.wsgateway.relay;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import io.netty.buffer.ByteBuf;
import org.apache.tomcat.websocket.Constants;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;

/**
 * Sends message parts to the client in order, one at a time, without blocking: the next part starts when Tomcat
 * reports the previous one written. Bytes waiting here are bounded by the relay, which stops reading the backend
 * above {@link #HIGH_WATER} and resumes below {@link #LOW_WATER}. A close is queued behind the data that precedes
 * it, and runs on the {@code closer} executor because Tomcat writes close frames with a blocking call.
 */
final class ClientSender implements SendHandler {

    static final long HIGH_WATER = 64 * 1024;
    static final long LOW_WATER = 16 * 1024;

    /** What the relay learns from the sender. */
    interface Listener {
        /** The queue fell below the low water mark after the relay was told to pause. Any thread. */
        void onClientDrained();

        /** A write to the client failed; the client leg is lost. Any thread. */
        void onClientSendFailed(Throwable cause);
    }

    private record Part(byte opcode, ByteBuf payload, boolean last) {
    }

    private record Close(int code, String reason) {
    }

    private final WsSession session;
    private final WsRemoteEndpointImplBase remote;
    private final Executor closer;
    private final Listener listener;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private Object current;
    private long queuedBytes;
    private boolean paused;
    private boolean pumping;
    private boolean closed;

    ClientSender(WsSession session, Executor closer, Listener listener) {
        this.session = session;
        this.remote = TomcatFrames.remote(session);
        this.closer = closer;
        this.listener = listener;
    }

    /**
     * Queues one part of a message; takes ownership of {@code payload}.
     *
     * @param opcode the message's opcode ({@link Constants#OPCODE_TEXT} or {@link Constants#OPCODE_BINARY})
     * @return {@code false} if the caller must stop reading until {@link Listener#onClientDrained()}
     */
    boolean send(byte opcode, ByteBuf payload, boolean last) {
        synchronized (this) {
            if (closed) {
                payload.release();
                return true;
            }
            queue.add(new Part(opcode, payload, last));
            queuedBytes += payload.readableBytes();
            if (queuedBytes > HIGH_WATER) {
                paused = true;
            }
        }
        pump();
        synchronized (this) {
            return !paused;
        }
    }

    /** Whether reading from the backend should currently be paused. */
    synchronized boolean paused() {
        return paused;
    }

    /** Queues the close behind the data already queued; later parts are dropped. */
    void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Close(code, CloseCodes.fitReason(reason)));
        }
        pump();
    }

    /** Sends a ping now (Tomcat slips control frames between data parts). */
    void ping() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        TomcatFrames.send(remote, Constants.OPCODE_PING, ByteBuffer.allocate(0), true, result -> { });
    }

    /** Drops everything queued: the client leg is gone. */
    void discard() {
        synchronized (this) {
            closed = true;
            queue.forEach(ClientSender::release);
            queue.clear();
            queuedBytes = 0;
        }
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Object next;
            synchronized (this) {
                next = current == null ? queue.poll() : null;
                if (next == null) {
                    pumping = false;
                    return;
                }
                current = next;
            }
            start(next);
        }
    }

    private void start(Object item) {
        if (item instanceof Part part) {
            try {
                TomcatFrames.send(remote, part.opcode(), part.payload().nioBuffer(), part.last(), this);
            } catch (RuntimeException e) {
                onResult(new SendResult(e));
            }
        } else {
            Close close = (Close) item;
            CloseReason reason = new CloseReason(CloseCodes.jakarta(close.code()), close.reason());
            try {
                closer.execute(() -> session.doClose(reason, reason));
            } catch (RejectedExecutionException e) {
                session.doClose(reason, reason);
            }
        }
    }

    /** Tomcat finished writing the current part. */
    @Override
    public void onResult(SendResult result) {
        boolean drained = false;
        synchronized (this) {
            Object done = current;
            current = null;
            if (done instanceof Part part) {
                queuedBytes -= part.payload().readableBytes();
                release(part);
            }
            if (!result.isOK()) {
                closed = true;
            } else if (paused && queuedBytes <= LOW_WATER) {
                paused = false;
                drained = true;
            }
        }
        if (!result.isOK()) {
            discard();
            listener.onClientSendFailed(result.getException());
            return;
        }
        if (drained) {
            listener.onClientDrained();
        }
        pump();
    }

    private static void release(Object item) {
        if (item instanceof Part part) {
            part.payload().release();
        }
    }
}
