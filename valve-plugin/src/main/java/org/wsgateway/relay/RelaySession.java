package org.wsgateway.relay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.api.Api;
import org.wsgateway.accesslog.SessionLog;
import org.wsgateway.metrics.SessionMetrics;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.relay.backend.BackendConnection;
import org.wsgateway.relay.backend.BackendListener;
import org.wsgateway.relay.client.ClientLeg;
import org.wsgateway.relay.client.ClientListener;
import org.wsgateway.relay.frame.CloseCodes;
import org.wsgateway.relay.frame.FrameReader;
import org.wsgateway.relay.frame.FrameWriter;
import org.wsgateway.relay.frame.MessageDeflater;

/**
 * One relayed connection: the client's leg ({@link ClientLeg}: on Tomcat's socket, or on a channel of the backend's
 * event loop that took a plain socket over) and the backend's leg (a
 * Netty channel). Messages cross piece by piece in both directions, with backpressure both ways: a backend that
 * cannot take more pauses reading the client, a client that cannot take more pauses reading the backend.
 *
 * <p>Close handshakes are relayed end to end: a close from either side is passed to the other (codes as
 * {@link CloseCodes} says), and the other side's answer is passed back, so each peer sees the other's close. A peer
 * that does not answer within {@value #CLOSE_WAIT_MILLIS} ms is disconnected. When the gateway itself ends a
 * connection (stop, API removed, idle, limits, a peer lost) both legs get a close of their own.
 */
public final class RelaySession implements BackendListener, ClientListener {

    static final long CLOSE_WAIT_MILLIS = 1000;
    private static final Log log = LogFactory.getLog(RelaySession.class);

    private final Api api;
    private final BackendConnection connection;
    private final Channel backend;
    private final MessageDeflater deflater;
    private final RelayTracker tracker;
    private final Keepalive keepalive;
    private final UpgradeRequest upgrade;
    private final SessionPolicies policies;
    private final SessionMetrics metrics;
    private final SessionLog accessLog;
    private final AtomicBoolean closeRecorded = new AtomicBoolean();
    /** The session's first close, for the access log. */
    private volatile String closedBy;
    private volatile int closeCode;
    private volatile String closeReason;
    private volatile long openedAt;

    private volatile ClientLeg client;
    /** Client to backend: touched only by the thread reading the client. */
    private long clientMessageBytes;
    /** Backend to client: touched only by the backend's event loop. */
    private long backendMessageBytes;

    private final AtomicBoolean backendCloseSent = new AtomicBoolean();
    private volatile boolean backendCloseReceived;
    private volatile int backendCloseCode;
    private volatile String backendCloseReason = "";
    private volatile boolean clientCloseReceived;
    private volatile int clientCloseCode;
    private volatile String clientCloseReason = "";
    private volatile boolean clientEnded;
    private volatile boolean backendEnded;
    private final AtomicBoolean finished = new AtomicBoolean();

    /**
     * @param api        the API
     * @param connection the upgraded backend connection, not yet reading
     * @param tracker    where live relays are registered
     * @param upgrade  the upgrade request as the policies saw it; released when the connection ends
     * @param guard      the policies' guard over messages, or {@code null} if none looks at them
     * @param metrics    what the session counts
     * @param accessLog  the session's access-log line to be, or {@code null} when the access log is off
     */
    public RelaySession(Api api, BackendConnection connection, RelayTracker tracker, UpgradeRequest upgrade,
            MessageGuard guard, SessionMetrics metrics, SessionLog accessLog) {
        this.api = api;
        this.connection = connection;
        this.backend = connection.channel();
        this.deflater = connection.deflater();
        this.tracker = tracker;
        this.keepalive = new Keepalive(this, api.endpoint());
        this.upgrade = upgrade;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.policies = new SessionPolicies(this, backend, upgrade, guard, metrics);
    }

    /** The API this connection belongs to. */
    public Api api() {
        return api;
    }

    /** The client's handshake, with who the policies found the caller to be. */
    public UpgradeRequest handshake() {
        return upgrade;
    }

    /** Drops the backend connection if Tomcat never opened the client's leg (the client left during the upgrade). */
    public void expireIfNotOpened() {
        if (client == null) {
            backend.close();
            upgrade.release();
        }
    }

    // ---- client leg ----

    @Override
    public void onClientOpen(ClientLeg connection) {
        client = connection;
        openedAt = System.nanoTime();
        metrics.opened();
        tracker.add(this);
        backend.closeFuture().addListener(f -> {
            backendEnded = true;
            finishIfDone();
        });
        keepalive.start(backend.eventLoop());
        policies.start();
        this.connection.handler().bind(this);
    }

    @Override
    public void onClientData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
        keepalive.clientData();
        if (backendCloseSent.get() || backendCloseReceived) {
            piece.release();
            return;
        }
        // (The endpoint's largest message is the reader's to enforce: it counts pieces as they are inflated.)
        clientMessageBytes = (first ? 0 : clientMessageBytes) + piece.readableBytes();
        if (!policies.admit(Direction.INBOUND, text, first, last, piece)) {
            return;
        }
        metrics.piece(Direction.INBOUND, piece.readableBytes());
        if (last) {
            metrics.message(Direction.INBOUND, clientMessageBytes);
        }
        if (text && policies.holds(Direction.INBOUND)) {
            // (Held messages arrive unmasked: masked pass-through is off for this connection.)
            piece = policies.hold(Direction.INBOUND, piece, last);
            if (piece == null) {
                return;
            }
            first = true;
        }
        if (mask != 0) {
            // Still masked with the client's key: forwarded as it is, under a header naming that key.
            int length = piece.readableBytes();
            boolean inline = length <= FrameWriter.INLINE_PAYLOAD;
            ByteBuf header = MaskedFrames.header(backend.alloc(), text, first, last, length, mask, inline ? length : 0);
            if (inline) {
                backend.write(header.writeBytes(piece), backend.voidPromise());
                piece.release();
            } else {
                backend.write(header, backend.voidPromise());
                backend.write(piece, backend.voidPromise());
            }
            return;
        }
        ByteBuf payload = deflater == null ? piece : deflater.deflatePiece(piece, last, backend.alloc());
        int rsv = deflater != null && first ? FrameReader.RSV1 : 0;
        WebSocketFrame frame = !first ? new ContinuationWebSocketFrame(last, 0, payload)
                : text ? new TextWebSocketFrame(last, rsv, payload) : new BinaryWebSocketFrame(last, rsv, payload);
        backend.write(frame, backend.voidPromise());
    }

    @Override
    public void onClientReadComplete() {
        metrics.flush(Direction.INBOUND);
        backend.flush();
    }

    @Override
    public boolean mayReadClient() {
        return !policies.clientShaped() && (backend.isWritable() || !backend.isActive());
    }

    /** Whether the client is not being read for backpressure (its pongs cannot be seen). */
    boolean clientReadPaused() {
        return policies.clientShaped() || !backend.isWritable() && backend.isActive();
    }

    @Override
    public void onClientAlive() {
        keepalive.clientAlive();
    }

    @Override
    public void onClientClose(int code, String reason) {
        recordClose("client", code, reason);
        clientCloseCode = code;
        clientCloseReason = reason;
        clientCloseReceived = true;
        if (backendCloseSent.compareAndSet(false, true) && backend.isActive()) {
            // Pass the client's close on; the backend's answer goes back to the client (or, without one, an echo).
            backend.writeAndFlush(closeFrame(CloseCodes.towardsBackend(code), reason));
            closeBackendLater();
        } else {
            echoClientClose();
        }
    }

    private void echoClientClose() {
        client.answerClose(clientCloseCode, clientCloseReason);
    }

    @Override
    public void onClientProtocolError(int code, String message) {
        if (log.isDebugEnabled()) {
            log.debug("A client of " + api.label() + " broke the WebSocket protocol: " + message);
        }
        // A frame or message too large, or a control frame flood, is the client's fault, not the backend's: it goes
        // away; other breaches are passed on.
        if (overLimit(code)) {
            recordClose("gateway", code, message);
            closeBackend(CloseCodes.GOING_AWAY, limitBroken("client", code, message));
        } else {
            closeBackend(code, message);
        }
        client.answerClose(code, message);
    }

    @Override
    public void onClientDrained() {
        backend.eventLoop().execute(() -> {
            if (!policies.backendShaped()) {
                backend.config().setAutoRead(true);
            }
        });
    }

    @Override
    public void onClientEnded(boolean clean) {
        if (!clean) {
            recordClose("client", CloseCodes.ABNORMAL, "client connection lost");
        }
        clientEnded = true;
        if (backendCloseReceived && !backendCloseSent.get()) {
            // The backend started the close and the client has answered (or is gone): answer the backend.
            answerBackend(backendCloseCode, backendCloseReason);
        } else {
            closeBackend(CloseCodes.GOING_AWAY, clean ? "" : "client went away");
        }
        finishIfDone();
    }

    // ---- backend leg (event loop) ----

    @Override
    public void onBackendData(boolean text, boolean first, boolean last, ByteBuf piece) {
        keepalive.backendData();
        backendMessageBytes = (first ? 0 : backendMessageBytes) + piece.readableBytes();
        if (!policies.admit(Direction.OUTBOUND, text, first, last, piece)) {
            return;
        }
        metrics.piece(Direction.OUTBOUND, piece.readableBytes());
        if (last) {
            metrics.message(Direction.OUTBOUND, backendMessageBytes);
        }
        if (text && policies.holds(Direction.OUTBOUND)) {
            piece = policies.hold(Direction.OUTBOUND, piece, last);
            if (piece == null) {
                return;
            }
            first = true;
        }
        if (!client.send(text, first, last, piece)) {
            backend.config().setAutoRead(false);
        }
    }

    @Override
    public void onBackendReadComplete() {
        metrics.flush(Direction.OUTBOUND);
        client.flush();
    }

    /** Whether the backend is not being read for backpressure. */
    boolean backendReadPaused() {
        return !backend.config().isAutoRead();
    }

    @Override
    public void onBackendAlive() {
        keepalive.backendAlive();
    }

    @Override
    public void onBackendClose(int code, String reason) {
        if (backendCloseSent.get()) {
            // The backend answered our close: pass its answer to a client that is waiting for one.
            backend.close();
            if (clientCloseReceived) {
                client.answerClose(CloseCodes.towardsClient(code), reason);
            }
            return;
        }
        // The backend started the close: pass it on behind the data already queued; answer it when the client has.
        recordClose("backend", code, reason);
        backendCloseCode = code;
        backendCloseReason = reason;
        backendCloseReceived = true;
        closeClient(CloseCodes.towardsClient(code), reason);
    }

    @Override
    public void onBackendProtocolError(int code, String message) {
        if (overLimit(code)) {
            recordClose("gateway", code, message);
            closeBackend(code, message);
            closeClient(CloseCodes.GOING_AWAY, limitBroken("backend", code, message));
            return;
        }
        metrics.backendError();
        recordClose("backend", code, message);
        log.warn("Backend of " + api.label() + " broke the WebSocket protocol: " + message);
        closeBackend(code, message);
        closeClient(CloseCodes.BAD_GATEWAY, "backend protocol error");
    }

    @Override
    public void onBackendGone(Throwable cause) {
        if (cause != null && log.isDebugEnabled()) {
            log.debug("Backend connection of " + api.label() + " failed", cause);
        }
        backend.close();
        if (!backendCloseSent.get() && !backendCloseReceived) {
            // Neither side started a close: the backend vanished.
            metrics.backendError();
            recordClose("backend", CloseCodes.ABNORMAL, "backend connection lost");
            backendCloseSent.set(true);
            closeClient(CloseCodes.BAD_GATEWAY, "backend connection lost");
        } else if (clientCloseReceived) {
            // The client is waiting for an answer the backend will not give.
            echoClientClose();
        }
    }

    /** Reads the client again (shaping over). */
    void resumeClient() {
        client.resumeReading();
    }

    @Override
    public void onBackendWritable(boolean writable) {
        if (writable) {
            client.resumeReading();
        }
    }

    // ---- closing ----

    /**
     * Closes both legs with the same code and reason (gateway-initiated: stop, API removed, idle).
     */
    public void closeBoth(int code, String reason) {
        closeBackend(code, reason);
        closeClient(code, reason);
    }

    /** Whether a reader's close code says its peer went over a limit (size, control frame rate). */
    private static boolean overLimit(int code) {
        return code == CloseCodes.TOO_BIG || code == CloseCodes.POLICY_VIOLATION;
    }

    /** The other side's close reason when {@code sender} went over a limit. */
    private static String limitBroken(String sender, int code, String message) {
        return sender + (code == CloseCodes.TOO_BIG ? " sent a " : ": ") + message;
    }

    /** Starts a close handshake with the client (behind queued data) and disconnects it if it does not answer. */
    void closeClient(int code, String reason) {
        recordClose("gateway", code, reason);
        ClientLeg c = client;
        c.close(code, reason);
        backend.eventLoop().schedule(() -> {
            if (!c.isEnded()) {
                c.abort();
            }
        }, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Sends the backend a close, once, and drops the connection if it does not answer in time. */
    void closeBackend(int code, String reason) {
        if (backendCloseSent.compareAndSet(false, true)) {
            backend.writeAndFlush(closeFrame(code, reason));
            closeBackendLater();
        }
    }

    private void answerBackend(int code, String reason) {
        if (backendCloseSent.compareAndSet(false, true)) {
            backend.writeAndFlush(closeFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closeBackendLater() {
        backend.config().setAutoRead(true);
        backend.eventLoop().schedule(() -> backend.close(), CLOSE_WAIT_MILLIS / 2, TimeUnit.MILLISECONDS);
    }

    private static CloseWebSocketFrame closeFrame(int code, String reason) {
        return code == CloseCodes.NO_STATUS ? new CloseWebSocketFrame()
                : new CloseWebSocketFrame(code, CloseCodes.fitReason(reason));
    }

    private void finishIfDone() {
        if (clientEnded && backendEnded && finished.compareAndSet(false, true)) {
            keepalive.stop();
            if (deflater != null) {
                deflater.end();
            }
            upgrade.release();
            policies.end();
            metrics.flush(Direction.INBOUND);
            metrics.flush(Direction.OUTBOUND);
            if (openedAt != 0) {
                metrics.ended((System.nanoTime() - openedAt) / 1_000_000);
            }
            if (accessLog != null) {
                accessLog.ended(metrics, closedBy, closeCode, closeReason);
            }
            tracker.remove(this);
        }
    }

    /** Counts the first close of the session: who started it, with which code (1006: the peer vanished). */
    private void recordClose(String side, int code, String reason) {
        if (closeRecorded.compareAndSet(false, true)) {
            closedBy = side;
            closeCode = code;
            closeReason = reason;
            metrics.closed(side, code);
        }
    }

    // ---- keepalive callbacks (event loop) ----

    void pingClient() {
        client.ping();
    }

    void pingBackend() {
        backend.writeAndFlush(new PingWebSocketFrame(), backend.voidPromise());
    }

    void clientUnresponsive() {
        closeBackend(CloseCodes.GOING_AWAY, "client not responding");
        client.abort();
    }

    void backendUnresponsive() {
        closeBackend(CloseCodes.GOING_AWAY, "no answer to pings");
        closeClient(CloseCodes.BAD_GATEWAY, "backend not responding");
    }

    void idle() {
        closeBoth(CloseCodes.GOING_AWAY, "idle timeout");
    }
}
