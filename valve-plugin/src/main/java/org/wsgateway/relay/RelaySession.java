package org.wsgateway.relay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.api.Api;
import org.wsgateway.accesslog.SessionLog;
import org.wsgateway.metrics.SessionMetrics;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.relay.backend.BackendConnection;
import org.wsgateway.relay.backend.BackendLeg;
import org.wsgateway.relay.backend.BackendListener;
import org.wsgateway.relay.client.ClientLeg;
import org.wsgateway.relay.client.ClientListener;
import org.wsgateway.relay.frame.CloseCodes;
import org.wsgateway.relay.frame.MessageDeflater;

/**
 * One relayed connection: the client's leg ({@link ClientLeg}: on Tomcat's socket, or on a channel of the backend's
 * event loop that took a plain socket over) and the backend's leg ({@link BackendLeg}, a Netty channel), each with
 * what its peer has sent ({@link Peer}). Messages cross piece by piece in both directions, with backpressure both
 * ways: a backend that cannot take more pauses reading the client, a client that cannot take more pauses reading the
 * backend.
 *
 * <p>Close handshakes are relayed end to end: a close from either side is passed to the other (codes as
 * {@link CloseCodes} says), and the other side's answer is passed back, so each peer sees the other's close. A peer
 * that does not answer within {@value #CLOSE_WAIT_MILLIS} ms is disconnected. When the gateway itself ends a
 * connection (stop, API removed, idle, limits, a peer lost) both legs get a close of their own.
 */
public final class RelaySession implements BackendListener, ClientListener {

    static final long CLOSE_WAIT_MILLIS = 1000;
    private static final Log log = LogFactory.getLog(RelaySession.class);

    /**
     * What one peer has sent: the size of its current message, its close frame, and whether its connection is over.
     * The message size is touched only by the thread reading that peer.
     */
    private static final class Peer {
        long messageBytes;
        volatile boolean closeReceived;
        volatile int closeCode;
        volatile String closeReason = "";
        volatile boolean ended;

        /** Counts a piece of a message, and returns the message's size so far. */
        long piece(boolean first, int bytes) {
            messageBytes = (first ? 0 : messageBytes) + bytes;
            return messageBytes;
        }

        void closeReceived(int code, String reason) {
            closeCode = code;
            closeReason = reason;
            closeReceived = true;
        }
    }

    private final Api api;
    private final BackendConnection connection;
    private final BackendLeg backend;
    private final RelayTracker tracker;
    private final Keepalive keepalive;
    private final UpgradeRequest upgrade;
    private final SessionPolicies policies;
    private final SessionMetrics metrics;
    private final SessionLog accessLog;
    private final Peer fromClient = new Peer();
    private final Peer fromBackend = new Peer();
    private volatile ClientLeg client;
    private volatile long openedAt;
    private final AtomicBoolean closeRecorded = new AtomicBoolean();
    /** The session's first close, for the access log. */
    private volatile String closedBy;
    private volatile int closeCode;
    private volatile String closeReason;
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
        this.backend = new BackendLeg(connection);
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
            backend.abort();
            upgrade.release();
        }
    }

    // ---- what each peer sends ----

    /**
     * A piece of a message from either peer, past the policies and counted: the piece to pass on (the whole message
     * when text is held for validation), or {@code null} when nothing goes on now.
     */
    private ByteBuf admitted(Direction direction, Peer from, boolean text, boolean first, boolean last,
            ByteBuf piece) {
        long messageBytes = from.piece(first, piece.readableBytes());
        if (!policies.admit(direction, text, first, last, piece)) {
            return null;
        }
        metrics.piece(direction, piece.readableBytes());
        if (last) {
            metrics.message(direction, messageBytes);
        }
        return whole(direction, text) ? policies.hold(direction, piece, last) : piece;
    }

    /** Whether a text message going this way is passed on whole (it was held for validation). */
    private boolean whole(Direction direction, boolean text) {
        return text && policies.holds(direction);
    }

    // ---- client leg ----

    @Override
    public void onClientOpen(ClientLeg connection) {
        client = connection;
        openedAt = System.nanoTime();
        metrics.opened();
        tracker.add(this);
        backend.whenEnded(() -> {
            fromBackend.ended = true;
            finishIfDone();
        });
        keepalive.start(backend.eventLoop());
        policies.start();
        this.connection.handler().bind(this);
    }

    @Override
    public void onClientData(boolean text, boolean first, boolean last, ByteBuf piece, int mask) {
        keepalive.clientData();
        if (backend.closeSent() || fromBackend.closeReceived) {
            piece.release();
            return;
        }
        // (The endpoint's largest message is the reader's to enforce: it counts pieces as they are inflated.)
        // (Held messages arrive unmasked: masked pass-through is off for this connection.)
        ByteBuf admitted = admitted(Direction.INBOUND, fromClient, text, first, last, piece);
        if (admitted != null) {
            backend.send(text, first || whole(Direction.INBOUND, text), last, admitted, mask);
        }
    }

    @Override
    public void onClientReadComplete() {
        metrics.flush(Direction.INBOUND);
        backend.flush();
    }

    @Override
    public boolean mayReadClient() {
        return !policies.clientShaped() && backend.mayWrite();
    }

    /** Whether the client is not being read for backpressure (its pongs cannot be seen). */
    boolean clientReadPaused() {
        return !mayReadClient();
    }

    @Override
    public void onClientAlive() {
        keepalive.clientAlive();
    }

    @Override
    public void onClientClose(int code, String reason) {
        recordClose("client", code, reason);
        fromClient.closeReceived(code, reason);
        // Pass the client's close on; the backend's answer goes back to the client (or, without one, an echo).
        if (!backend.close(CloseCodes.towardsBackend(code), reason, CLOSE_WAIT_MILLIS / 2)) {
            echoClientClose();
        }
    }

    private void echoClientClose() {
        client.answerClose(fromClient.closeCode, fromClient.closeReason);
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
                backend.resumeReading();
            }
        });
    }

    @Override
    public void onClientEnded(boolean clean) {
        if (!clean) {
            recordClose("client", CloseCodes.ABNORMAL, "client connection lost");
        }
        fromClient.ended = true;
        if (fromBackend.closeReceived) {
            // The backend started the close and the client has answered (or is gone): answer the backend.
            backend.answerClose(fromBackend.closeCode, fromBackend.closeReason);
        } else {
            closeBackend(CloseCodes.GOING_AWAY, clean ? "" : "client went away");
        }
        finishIfDone();
    }

    // ---- backend leg (event loop) ----

    @Override
    public void onBackendData(boolean text, boolean first, boolean last, ByteBuf piece) {
        keepalive.backendData();
        ByteBuf admitted = admitted(Direction.OUTBOUND, fromBackend, text, first, last, piece);
        if (admitted != null && !client.send(text, first || whole(Direction.OUTBOUND, text), last, admitted)) {
            backend.pauseReading();
        }
    }

    @Override
    public void onBackendReadComplete() {
        metrics.flush(Direction.OUTBOUND);
        client.flush();
    }

    /** Whether the backend is not being read for backpressure. */
    boolean backendReadPaused() {
        return backend.readPaused();
    }

    @Override
    public void onBackendAlive() {
        keepalive.backendAlive();
    }

    @Override
    public void onBackendClose(int code, String reason) {
        if (backend.closeSent()) {
            // The backend answered our close: pass its answer to a client that is waiting for one.
            backend.abort();
            if (fromClient.closeReceived) {
                client.answerClose(CloseCodes.towardsClient(code), reason);
            }
            return;
        }
        // The backend started the close: pass it on behind the data already queued; answer it when the client has.
        recordClose("backend", code, reason);
        fromBackend.closeReceived(code, reason);
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
        backend.abort();
        if (!backend.closeSent() && !fromBackend.closeReceived) {
            // Neither side started a close: the backend vanished.
            metrics.backendError();
            recordClose("backend", CloseCodes.ABNORMAL, "backend connection lost");
            backend.closeSentAlready();
            closeClient(CloseCodes.BAD_GATEWAY, "backend connection lost");
        } else if (fromClient.closeReceived) {
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
        backend.close(code, reason, CLOSE_WAIT_MILLIS / 2);
    }

    private void finishIfDone() {
        if (fromClient.ended && fromBackend.ended && finished.compareAndSet(false, true)) {
            keepalive.stop();
            MessageDeflater deflater = connection.deflater();
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
        backend.ping();
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
