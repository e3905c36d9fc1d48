package org.wsgateway.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.websocket.Constants;
import org.apache.tomcat.websocket.WsSession;
import org.wsgateway.api.Api;
import org.wsgateway.relay.backend.BackendConnection;
import org.wsgateway.relay.backend.BackendListener;
import org.wsgateway.relay.backend.MessageDeflater;

/**
 * One relayed connection: the client's leg (a Tomcat WebSocket session) and the backend's leg (a Netty channel).
 * Messages cross part by part in both directions, with backpressure both ways: a backend that cannot take more
 * suspends reading from the client, a client that cannot take more stops reading from the backend. Every close goes
 * through {@link #closeClient} and {@link #closeBackend}, which pass codes on as {@link CloseCodes} says.
 */
public final class RelaySession implements BackendListener, ClientSender.Listener {

    private static final Log log = LogFactory.getLog(RelaySession.class);
    private static final long BACKEND_CLOSE_WAIT_MILLIS = 500;
    private static final long CLIENT_BLOCKING_SEND_MILLIS = 2000;
    private static final int RSV1 = 4;

    private final Api api;
    private final BackendConnection connection;
    private final Channel backend;
    private final MessageDeflater deflater;
    private final RelayTracker tracker;
    private final Executor closer;
    private final long maxMessageSize;

    private volatile WsSession client;
    private volatile ClientSender sender;

    /** Client to backend: touched only by the Tomcat thread delivering the client's messages. */
    private boolean clientMessageOngoing;
    private long clientMessageBytes;
    /** Backend to client: touched only by the backend's event loop. */
    private byte backendOpcode;
    private long backendMessageBytes;

    private final Object flow = new Object();
    private boolean clientSuspended;
    private final AtomicBoolean clientClosing = new AtomicBoolean();
    private final AtomicBoolean backendClosing = new AtomicBoolean();
    private volatile boolean clientEnded;
    private volatile boolean backendEnded;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Keepalive keepalive;

    /**
     * @param api        the API
     * @param connection the upgraded backend connection, not yet reading
     * @param tracker    where live relays are registered
     * @param closer     runs Tomcat's blocking close calls off the I/O threads
     */
    public RelaySession(Api api, BackendConnection connection, RelayTracker tracker, Executor closer) {
        this.api = api;
        this.connection = connection;
        this.backend = connection.channel();
        this.deflater = connection.deflater();
        this.tracker = tracker;
        this.closer = closer;
        this.maxMessageSize = api.endpoint().maxMessageSize();
        this.keepalive = new Keepalive(this, api.endpoint());
    }

    /** The API this connection belongs to. */
    public Api api() {
        return api;
    }

    /** Drops the backend connection if Tomcat never opened the client's leg (the client left during the upgrade). */
    public void expireIfNotOpened() {
        if (client == null) {
            backend.close();
        }
    }

    // ---- client leg (Tomcat threads) ----

    void onClientOpen(Session session) {
        client = (WsSession) session;
        session.getUserProperties().put(Constants.BLOCKING_SEND_TIMEOUT_PROPERTY, CLIENT_BLOCKING_SEND_MILLIS);
        sender = new ClientSender(client, closer, this);
        tracker.add(this);
        backend.closeFuture().addListener(f -> {
            backendEnded = true;
            finishIfDone();
        });
        keepalive.start(backend.eventLoop());
        connection.handler().bind(this);
    }

    void onClientText(String part, boolean last) {
        keepalive.clientActive();
        toBackend(true, ByteBufUtil.writeUtf8(backend.alloc(), part), last);
    }

    void onClientBinary(ByteBuffer part, boolean last) {
        keepalive.clientActive();
        ByteBuf copy = backend.alloc().buffer(part.remaining());
        copy.writeBytes(part);
        toBackend(false, copy, last);
    }

    void onClientPong() {
        keepalive.clientPong();
    }

    private void toBackend(boolean text, ByteBuf payload, boolean last) {
        if (backendClosing.get()) {
            payload.release();
            return;
        }
        clientMessageBytes += payload.readableBytes();
        if (maxMessageSize > 0 && clientMessageBytes > maxMessageSize) {
            payload.release();
            tooBig(true);
            return;
        }
        boolean first = !clientMessageOngoing;
        clientMessageOngoing = !last;
        if (last) {
            clientMessageBytes = 0;
        }
        int rsv = 0;
        if (deflater != null) {
            ByteBuf compressed = deflater.deflate(payload.nioBuffer(), last, backend.alloc());
            payload.release();
            payload = compressed;
            rsv = first ? RSV1 : 0;
        }
        WebSocketFrame frame = !first ? new ContinuationWebSocketFrame(last, 0, payload)
                : text ? new TextWebSocketFrame(last, rsv, payload) : new BinaryWebSocketFrame(last, rsv, payload);
        backend.writeAndFlush(frame, backend.voidPromise());
        if (!backend.isWritable()) {
            suspendClient();
        }
    }

    void onClientClose(int code, String reason) {
        clientEnded = true;
        clientClosing.set(true);
        resumeClient();
        ClientSender s = sender;
        if (s != null) {
            s.discard();
        }
        closeBackend(CloseCodes.towardsBackend(code), reason);
        finishIfDone();
    }

    void onClientError(Throwable cause) {
        if (log.isDebugEnabled()) {
            log.debug("Client leg of " + api.label() + " failed", cause);
        }
    }

    @Override
    public void onClientSendFailed(Throwable cause) {
        if (log.isDebugEnabled()) {
            log.debug("Sending to the client of " + api.label() + " failed", cause);
        }
        closeBackend(CloseCodes.GOING_AWAY, "client connection lost");
        CloseReason away = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "");
        CloseReason lost = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "client connection lost");
        closer.execute(() -> client.doClose(away, lost));
    }

    @Override
    public void onClientDrained() {
        backend.eventLoop().execute(() -> {
            boolean read = !sender.paused() || backendClosing.get();
            backend.config().setAutoRead(read);
            keepalive.backendPaused(!read);
        });
    }

    private void suspendClient() {
        synchronized (flow) {
            if (clientSuspended || clientClosing.get()) {
                return;
            }
            clientSuspended = true;
            keepalive.clientPaused(true);
            client.suspend();
        }
        if (backend.isWritable()) {
            resumeClient();
        }
    }

    private void resumeClient() {
        synchronized (flow) {
            if (clientSuspended) {
                clientSuspended = false;
                keepalive.clientPaused(false);
                client.resume();
            }
        }
    }

    // ---- backend leg (event loop) ----

    @Override
    public void onBackendData(WebSocketFrame piece) {
        keepalive.backendActive();
        if (clientClosing.get()) {
            piece.release();
            return;
        }
        if (!(piece instanceof ContinuationWebSocketFrame)) {
            backendOpcode = piece instanceof TextWebSocketFrame ? Constants.OPCODE_TEXT : Constants.OPCODE_BINARY;
            backendMessageBytes = 0;
        }
        backendMessageBytes += piece.content().readableBytes();
        if (maxMessageSize > 0 && backendMessageBytes > maxMessageSize) {
            piece.release();
            tooBig(false);
            return;
        }
        if (!sender.send(backendOpcode, piece.content(), piece.isFinalFragment())) {
            backend.config().setAutoRead(false);
            keepalive.backendPaused(true);
        }
    }

    @Override
    public void onBackendPong() {
        keepalive.backendPong();
    }

    @Override
    public void onBackendClose(int code, String reason) {
        if (backendClosing.compareAndSet(false, true)) {
            // The backend started the close: answer it, then pass it on behind the data already queued.
            backend.writeAndFlush(closeFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
            closeClient(CloseCodes.towardsClient(code), reason);
        } else {
            // The backend answered our close.
            backend.close();
        }
    }

    @Override
    public void onBackendProtocolError(int code, String message) {
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
        if (!backendClosing.getAndSet(true)) {
            // Not a close either side started: the backend vanished.
            closeClient(CloseCodes.BAD_GATEWAY, "backend connection lost");
        }
    }

    @Override
    public void onBackendWritable(boolean writable) {
        if (writable) {
            resumeClient();
        }
    }

    // ---- closing ----

    /**
     * Closes both legs with the same code and reason (gateway-initiated: stop, API removed, idle). Whenever the
     * gateway closes both legs, the backend goes first: closing the client calls back {@link #onClientClose}, which
     * would otherwise pass the client's code on.
     */
    public void closeBoth(int code, String reason) {
        closeBackend(code, reason);
        closeClient(code, reason);
    }

    void tooBig(boolean fromClient) {
        String limit = "message larger than " + maxMessageSize + " bytes";
        // The backend first: the client's close echoes back through onClientClose, which must find it closing.
        if (fromClient) {
            closeBackend(CloseCodes.GOING_AWAY, "client sent a " + limit);
            closeClient(CloseCodes.TOO_BIG, limit);
        } else {
            closeBackend(CloseCodes.TOO_BIG, limit);
            closeClient(CloseCodes.GOING_AWAY, "backend sent a " + limit);
        }
    }

    /** Sends the client a close (behind queued data), once. */
    void closeClient(int code, String reason) {
        if (clientClosing.compareAndSet(false, true)) {
            resumeClient();
            sender.close(code, reason);
        }
    }

    /** Sends the backend a close, once, and drops the connection if it does not answer in time. */
    void closeBackend(int code, String reason) {
        if (backendClosing.compareAndSet(false, true)) {
            backend.writeAndFlush(closeFrame(code, reason));
            backend.config().setAutoRead(true);
            backend.eventLoop().schedule(() -> backend.close(), BACKEND_CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
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
            tracker.remove(this);
        }
    }

    // ---- keepalive callbacks (event loop) ----

    void pingClient() {
        ClientSender s = sender;
        if (s != null) {
            s.ping();
        }
    }

    void pingBackend() {
        backend.writeAndFlush(new PingWebSocketFrame(), backend.voidPromise());
    }

    void clientUnresponsive() {
        closeBackend(CloseCodes.GOING_AWAY, "client not responding");
        closeClient(CloseCodes.GOING_AWAY, "no answer to pings");
    }

    void backendUnresponsive() {
        closeBackend(CloseCodes.GOING_AWAY, "no answer to pings");
        closeClient(CloseCodes.BAD_GATEWAY, "backend not responding");
    }

    void idle() {
        closeBoth(CloseCodes.GOING_AWAY, "idle timeout");
    }
}
