package org.wsgateway.valve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.accesslog.AccessLogEntry;
import org.wsgateway.accesslog.SessionLog;
import org.wsgateway.accesslog.WebSocketAccessLog;
import org.wsgateway.api.Api;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.relay.RelaySession;
import org.wsgateway.relay.RelayTracker;
import org.wsgateway.relay.backend.BackendClient;
import org.wsgateway.relay.backend.BackendConnection;
import org.wsgateway.relay.backend.BackendException;
import org.wsgateway.relay.backend.BackendRequest;
import org.wsgateway.relay.client.ClientConnection;
import org.wsgateway.relay.client.ClientDeflate;

/**
 * A client's upgrade waiting for its backend. The client's socket is already Tomcat's upgraded connection, with
 * nothing written on it and no Tomcat thread waiting: when the backend has upgraded, the client gets its 101 and the
 * relay starts; when the backend fails, refuses or does not answer in time, the client gets the honest HTTP answer
 * ({@code 502}, {@code 504}, the backend's own {@code 401}/{@code 403}) and the connection closes.
 */
final class PendingUpgrade {

    private static final Log log = LogFactory.getLog(PendingUpgrade.class);

    /** What a pending upgrade needs of the gateway. */
    record Gateway(BackendClient backends, RelayTracker tracker, GatewayMetrics metrics,
            WebSocketAccessLog accessLog, HandshakeRecorder recorder, PendingHandshakes pending) {
    }

    /**
     * What the client asked for, read from its request before Tomcat recycles it ({@code opening} only when the
     * access log is on).
     */
    record Client(ClientConnection connection, String accept, ClientDeflate deflate, AccessLogEntry.Opening opening) {
    }

    private final Gateway gateway;
    private final Api api;
    private final UpgradeRequest upgrade;
    private final MessageGuard guard;
    private final Client client;
    private final long start;

    /**
     * @param guard the policies' guard over messages, or {@code null}
     * @param start when the request reached the gateway ({@code System.nanoTime()})
     */
    PendingUpgrade(Gateway gateway, Api api, UpgradeRequest upgrade, MessageGuard guard, Client client, long start) {
        this.gateway = gateway;
        this.api = api;
        this.upgrade = upgrade;
        this.guard = guard;
        this.client = client;
        this.start = start;
    }

    /**
     * Connects the backend; the caller has entered {@link PendingHandshakes} for the API. The backend client bounds
     * the wait (the endpoint's connect and handshake timeouts answer 504), so exactly one answer follows.
     */
    void start(BackendRequest request) {
        long connectStart = System.nanoTime();
        gateway.backends().connect(request).whenComplete((backend, failure) -> {
            gateway.pending().leave(api);
            gateway.metrics().backendConnected(api, System.nanoTime() - connectStart);
            if (failure == null) {
                open(backend);
                return;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            refuse(cause instanceof BackendException b ? b
                    : new BackendException(502, "cannot reach the backend", cause));
        });
    }

    private void open(BackendConnection backend) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Upgrade", "websocket"));
        headers.add(Map.entry("Connection", "Upgrade"));
        headers.add(Map.entry("Sec-WebSocket-Accept", client.accept()));
        if (backend.subprotocol() != null) {
            headers.add(Map.entry("Sec-WebSocket-Protocol", backend.subprotocol()));
        }
        ClientDeflate deflate = client.deflate();
        if (deflate != null) {
            headers.add(Map.entry("Sec-WebSocket-Extensions", deflate.responseHeader()));
        }
        headers.addAll(backend.responseHeaders());
        AccessLogEntry.Opening opening = client.opening() == null ? null
                : client.opening().withSubprotocol(backend.subprotocol());
        SessionLog sessionLog = opening == null ? null : new SessionLog(gateway.accessLog(), opening, start);
        RelaySession relay = new RelaySession(api, backend, gateway.tracker(), upgrade, guard,
                gateway.metrics().session(api, upgrade.identity()), sessionLog);
        gateway.recorder().answered(api, upgrade, opening, 101, null, start);
        client.connection().open(Unpooled.wrappedBuffer(GatewayResponses.raw(101, headers, null, null)), relay,
                deflate, backend.deflater() == null && (guard == null || !guard.holdsText(Direction.INBOUND)),
                backend.channel().eventLoop(), upgrade.maxFrame(), api.endpoint().maxMessageSize(),
                relay::expireIfNotOpened);
        // If Tomcat never hands the client's socket over (the client vanished at once), do not keep the backend.
        backend.channel().eventLoop().schedule(relay::expireIfNotOpened, api.endpoint().handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void refuse(BackendException failure) {
        log.warn("Backend of " + api.label() + " (" + api.endpoint().url().getHost() + ") failed the handshake: "
                + failure.getMessage());
        int status;
        String reason;
        byte[] answer;
        if (failure.body() != null) {
            status = failure.status();
            reason = "the backend of " + api.path() + " refused the upgrade with " + status;
            answer = GatewayResponses.raw(status, failure.headers(), failure.body(), failure.contentType());
        } else if (failure.status() == 504) {
            status = 504;
            reason = "504 Gateway Timeout: the backend of " + api.path() + " did not answer in time";
            answer = GatewayResponses.raw(status, List.of(), reason);
        } else {
            status = 502;
            reason = "502 Bad Gateway: the backend of " + api.path() + " is unavailable or refused the connection";
            answer = GatewayResponses.raw(status, List.of(), reason);
        }
        gateway.recorder().answered(api, upgrade, client.opening(), status, reason, start);
        upgrade.release();
        client.connection().refuse(Unpooled.wrappedBuffer(answer));
    }
}
