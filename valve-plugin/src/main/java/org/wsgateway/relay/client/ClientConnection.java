package org.wsgateway.relay.client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.WebConnection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.wsgateway.relay.frame.ControlFrameRate;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.MessageDeflater;
import org.wsgateway.relay.frame.ProtocolException;

/**
 * The client's leg of a relayed connection: Tomcat hands the upgraded socket to this handler, which reads frames
 * with a {@link FrameReader} (on Tomcat's threads, as the socket becomes readable) and writes frames with a
 * {@link ClientWriter} (from whichever thread has something to send). Reading pauses while the backend cannot take
 * more, so a slow backend slows the client, and while the client does not read the answers to its own pings (see
 * the writer's control frame bound), so a client that does not read is not read either. Tomcat's own WebSocket
 * implementation is not involved.
 */
public final class ClientConnection implements InternalHttpUpgradeHandler, ClientLeg, FrameReader.Handler {

    /** Tomcat reads at most its socket.appReadBufSize (8 KiB by default) at a time, straight into this buffer. */
    private static final int READ_SIZE = 32 * 1024;
    private static final int MIN_FREE = 1024;

    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ReentrantLock readLock = new ReentrantLock();
    private volatile ClientListener listener;
    private volatile FrameReader reader;
    private volatile MessageDeflater deflater;
    private volatile ByteBufAllocator alloc;
    private SocketWrapperBase<?> socket;
    private volatile ClientWriter writer;
    private ByteBuf buffer;
    private final Object initLock = new Object();
    /** Whether Tomcat has handed the socket over (guarded by {@link #initLock}). */
    private boolean initialised;
    /** The handshake's answer, if it came before Tomcat handed the socket over (guarded by {@link #initLock}). */
    private Runnable answer;
    private volatile boolean takeOver;
    /** The leg that took the socket over, or {@code null}. */
    private volatile ChannelClient taken;
    /** Whether the client was answered with 101: until then it is not read. */
    private volatile boolean open;
    private volatile boolean closeSent;
    private volatile boolean closeReceived;

    /**
     * Tomcat creates the handler when the valve upgrades the request; the valve answers the handshake later, with
     * {@link #open} or {@link #refuse}, once the backend has answered. Tomcat writes nothing itself.
     */
    public ClientConnection() {
    }

    /**
     * Answers the handshake with {@code head} (the 101 response) and starts relaying.
     *
     * @param head       the HTTP response, written before any frame
     * @param relay      the relay the client's frames go to
     * @param deflate    the negotiated permessage-deflate parameters, or {@code null}
     * @param passMasked hand uncompressed payload on still masked (the relay forwards it to the backend as it is)
     * @param maxFrame   the largest data frame the client may send (1009 above it), 0 for any
     * @param maxMessage the largest message the client may send (1009 above it), 0 for any
     * @param loop       the backend's event loop: a socket taken over ({@link #allowTakeOver}) is driven by it
     * @param gone       run instead if the client's connection ended before the answer
     */
    public void open(ByteBuf head, ClientListener relay, ClientDeflate deflate, boolean passMasked,
            EventLoop loop, long maxFrame, long maxMessage, Runnable gone) {
        whenInitialised(() -> {
            if (ended.get()) {
                head.release();
                gone.run();
                return;
            }
            this.reader = new FrameReader(true, passMasked, deflate == null ? null : deflate.inflater(), true);
            this.reader.limitFrames(maxFrame);
            this.reader.limitMessages(maxMessage);
            this.reader.limitControlFrames(ControlFrameRate.standard());
            this.deflater = deflate == null ? null : deflate.deflater();
            if (hasAsyncIO()) {
                // Both legs on the backend's event loop; Tomcat keeps only the connection's count.
                Runnable takeOver = () -> {
                    try {
                        taken = ChannelClient.takeOver(socket, loop, head, reader, deflater, relay);
                    } catch (RuntimeException e) {
                        head.release();
                        reader.end();
                        if (deflater != null) {
                            deflater.end();
                        }
                        socket.close();
                        gone.run();
                    }
                };
                if (loop.inEventLoop()) {
                    takeOver.run();
                } else {
                    loop.execute(takeOver);
                }
                return;
            }
            this.alloc = ByteBufAllocator.DEFAULT;
            this.listener = relay;
            writer = new ClientWriter(this, socket, alloc, deflater, relay);
            writer.head(head);
            listener.onClientOpen(this);
            writer.flush();
            open = true;
            // A client that sent frames before the answer (it must not) was left unread until now.
            resumeReading();
        });
    }

    /** Answers the handshake with {@code response} (a refusal) and closes the connection once it is written. */
    public void refuse(ByteBuf response) {
        whenInitialised(() -> {
            if (ended.get()) {
                response.release();
                return;
            }
            writer = new ClientWriter(this, socket, null, null, null);
            writer.head(response);
            writer.closeSocketWhenDone();
            writer.flush();
        });
    }

    /**
     * Lets the relay take a plain socket over from Tomcat once the handshake is answered with 101 (see
     * {@link ChannelClient}); call before the upgrade completes.
     */
    public void allowTakeOver(boolean allow) {
        this.takeOver = allow;
    }

    /**
     * Whether Tomcat leaves all further I/O to this handler: when the socket will be taken over, Tomcat never
     * polls it again (a refusal is still written through Tomcat's socket).
     */
    @Override
    public boolean hasAsyncIO() {
        return takeOver && ChannelClient.canTakeOver(socket);
    }

    /** Runs {@code answer} now if Tomcat has handed the socket over, or as soon as it does. */
    private void whenInitialised(Runnable answer) {
        synchronized (initLock) {
            if (!initialised) {
                this.answer = answer;
                return;
            }
        }
        answer.run();
    }

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        this.socket = wrapper;
    }

    @Override
    public void init(WebConnection connection) {
        Runnable ready;
        synchronized (initLock) {
            initialised = true;
            ready = answer;
            answer = null;
        }
        if (ready != null) {
            ready.run();
        }
    }

    // ---- what the relay does with the client ----

    /**
     * Queues a piece of a message for the next {@link #flush()}; {@code false} means: stop reading the backend until
     * drained.
     */
    @Override
    public boolean send(boolean text, boolean first, boolean last, ByteBuf piece) {
        return writer.data(text, first, last, FrameReader.unpinned(piece));
    }

    /** Writes what {@link #send} queued. */
    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public void ping() {
        writer.control(FrameReader.OP_PING, alloc.buffer(0));
    }

    /** Starts a close handshake; the connection closes when the client answers (or on {@link #abort()}). */
    @Override
    public void close(int code, String reason) {
        if (!closeSent) {
            closeSent = true;
            writer.close(code, reason, closeReceived);
        }
    }

    /** Answers the client's close (or fails the connection): the close frame, then the end of the connection. */
    @Override
    public void answerClose(int code, String reason) {
        if (!closeSent) {
            closeSent = true;
            writer.close(code, reason, true);
        } else {
            writer.closeSocketWhenDone();
        }
    }

    /** Closes the connection now, without a close frame. */
    @Override
    public void abort() {
        writer.discard();
        closeSocket(false);
    }

    /** Starts reading again after {@link ClientListener#mayReadClient()} (or the writer's bound) allows it. */
    @Override
    public void resumeReading() {
        if (paused.compareAndSet(true, false)) {
            socket.processSocket(SocketEvent.OPEN_READ, true);
        }
    }

    /** Whether the client connection is over. */
    @Override
    public boolean isEnded() {
        return ended.get();
    }

    void closeSocket(boolean clean) {
        socket.close();
        ended(clean);
    }

    private void ended(boolean clean) {
        if (ended.compareAndSet(false, true) && writer != null) {
            writer.end();
            if (reader == null) {
                // A refused handshake: nothing was relayed.
                return;
            }
            reader.end();
            // The read buffer belongs to the reading thread; free it here only if no read pass is under way (a pass
            // frees it when it ends).
            if (!readLock.isHeldByCurrentThread() && readLock.tryLock()) {
                try {
                    releaseBuffer();
                } finally {
                    readLock.unlock();
                }
            }
            listener.onClientEnded(clean);
        }
    }

    private void releaseBuffer() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    // ---- Tomcat's events ----

    @Override
    public SocketState upgradeDispatch(SocketEvent status) {
        switch (status) {
            case OPEN_READ:
                if (!open && waitForOpen()) {
                    return SocketState.SUSPENDED;
                }
                return read();
            case OPEN_WRITE:
                return SocketState.UPGRADED;
            case STOP:
                if (open) {
                    close(1001, "server shutting down");
                    return SocketState.UPGRADED;
                }
                ended(false);
                return SocketState.CLOSED;
            default:
                ended(false);
                return SocketState.CLOSED;
        }
    }

    private SocketState read() {
        readLock.lock();
        try {
            return readFrames();
        } catch (ProtocolException e) {
            closeReceived = true;
            listener.onClientProtocolError(e.closeCode(), e.getMessage());
            return SocketState.SUSPENDED;
        } catch (IOException e) {
            ended(false);
            return SocketState.CLOSED;
        } finally {
            if (ended.get()) {
                releaseBuffer();
            }
            readLock.unlock();
            listener.onClientReadComplete();
        }
    }

    /** Reads until the socket has no more (or the backend cannot take more), parsing a buffer at a time. */
    private SocketState readFrames() throws IOException, ProtocolException {
        while (!ended.get()) {
            if (closeReceived) {
                return SocketState.SUSPENDED;
            }
            if (!mayRead() && pauseReading()) {
                return SocketState.SUSPENDED;
            }
            if (buffer == null) {
                buffer = alloc.directBuffer(READ_SIZE);
            }
            // Tomcat reads at most socket.appReadBufSize (8 KiB by default) per call: fill the buffer first, so a
            // message crosses in as few pieces as possible.
            int total = 0;
            int n;
            do {
                n = socket.read(false, buffer.nioBuffer(buffer.writerIndex(), buffer.writableBytes()));
                if (n > 0) {
                    buffer.writerIndex(buffer.writerIndex() + n);
                    total += n;
                }
            } while (n > 0 && buffer.isWritable());
            if (n < 0 || socket.isClosed()) {
                ended(false);
                return SocketState.CLOSED;
            }
            // Parses (and inflates) what came, or what an earlier pass left when it stopped to slow the sender down.
            boolean moved = reader.read(buffer, alloc, this);
            if (total == 0 && !moved) {
                // Nothing new, and nothing left over that can be parsed now.
                releaseIfEmpty();
                return SocketState.UPGRADED;
            }
            if (!releaseIfEmpty() && buffer.writableBytes() < MIN_FREE) {
                ByteBuf rest = alloc.directBuffer(READ_SIZE).writeBytes(buffer);
                buffer.release();
                buffer = rest;
            }
        }
        return SocketState.CLOSED;
    }

    @Override
    public boolean mayContinue() {
        return mayRead();
    }

    /** Whether the client may be read: the backend can take more and the client reads what it is sent. */
    private boolean mayRead() {
        return listener.mayReadClient() && writer.mayRead();
    }

    /** Marks reading paused until the handshake is answered; false if it was answered meanwhile. */
    private boolean waitForOpen() {
        paused.set(true);
        return !(open && paused.compareAndSet(true, false));
    }

    /** Marks reading paused; false if reading became possible meanwhile (then reading goes on). */
    private boolean pauseReading() {
        paused.set(true);
        return !(mayRead() && paused.compareAndSet(true, false));
    }

    private boolean releaseIfEmpty() {
        if (buffer != null && !buffer.isReadable()) {
            buffer.release();
            buffer = null;
            return true;
        }
        return false;
    }

    // ---- frames from the client ----

    @Override
    public void onData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
        listener.onClientData(text, first, last, piece, mask);
    }

    @Override
    public void onPing(ByteBuf payload) {
        writer.control(FrameReader.OP_PONG, payload);
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
            writer.closeSocketWhenDone();
        } else {
            listener.onClientClose(code, reason);
        }
    }

    // ---- the rest of Tomcat's contract ----

    @Override
    public void timeoutAsync(long now) {
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
    }

    @Override
    public void pause() {
    }

    @Override
    public void destroy() {
        ChannelClient leg = taken;
        if (leg != null) {
            leg.closedByTomcat();
        }
        ended(false);
    }
}
