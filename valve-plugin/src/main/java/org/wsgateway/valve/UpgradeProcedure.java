package org.wsgateway.valve;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.accesslog.AccessLogEntry;
import org.wsgateway.accesslog.SessionLog;
import org.wsgateway.accesslog.WebSocketAccessLog;
import org.wsgateway.api.Api;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.PolicyChain;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyChains;
import org.wsgateway.relay.RelaySession;
import org.wsgateway.relay.RelayTracker;
import org.wsgateway.relay.backend.UpgradeHeaders;
import org.wsgateway.relay.backend.BackendClient;
import org.wsgateway.relay.backend.BackendConnection;
import org.wsgateway.relay.backend.BackendException;
import org.wsgateway.relay.backend.BackendRequest;
import org.wsgateway.relay.client.ClientConnection;
import org.wsgateway.relay.client.ClientDeflate;

/**
 * Turns a request for an API into a relayed WebSocket connection, or into one exact HTTP answer: the client's
 * handshake is checked first, then the backend is connected and upgraded, and only then is the client upgraded, so
 * a backend failure reaches the client as {@code 502}, {@code 504} or the backend's own {@code 401}/{@code 403}.
 */
final class UpgradeProcedure {

    private static final Log log = LogFactory.getLog(UpgradeProcedure.class);

    private final BackendClient backends;
    private final RelayTracker tracker;
    private final PolicyChains policies;
    private final GatewayMetrics metrics;
    private final WebSocketAccessLog accessLog;
    private final PendingHandshakes pending;

    /**
     * @param accessLog where sessions are logged at their end, or {@code null}
     * @param pending   handshakes waiting for their API's backend, within a bound per API
     */
    UpgradeProcedure(BackendClient backends, RelayTracker tracker, PolicyChains policies, GatewayMetrics metrics,
            WebSocketAccessLog accessLog, PendingHandshakes pending) {
        this.pending = pending;
        this.backends = backends;
        this.tracker = tracker;
        this.policies = policies;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /**
     * Answers a request for {@code api}: an upgrade to a relayed session, or a refusal.
     *
     * @param start when the request reached the gateway ({@code System.nanoTime()})
     * @return the handshake as the policies saw it, or {@code null} if it was refused before they ran
     */
    UpgradeRequest handle(Request request, Response response, Api api, String suffix, long start) throws IOException {
        // Known, but not open to clients.
        if (api.lifecycle() == Lifecycle.BLOCKED) {
            GatewayResponses.send(response, 503, "503 Service Unavailable: " + api.path() + " is blocked");
            return null;
        }
        if (api.lifecycle() == Lifecycle.RETIRED) {
            GatewayResponses.send(response, 404, "404 Not Found: " + api.path() + " is retired");
            return null;
        }
        // A path the backend could read otherwise than the gateway (;, dot segments, backslashes, encoded slashes).
        String pathProblem = PathRules.problem(request.getRequestURI(), suffix);
        if (pathProblem != null) {
            GatewayResponses.send(response, 400, "400 Bad Request: the path " + pathProblem + "; "
                    + api.path() + " takes plain path segments only");
            return null;
        }
        // A plain HTTP request: say that this path speaks WebSocket.
        if (!headerHasToken(request, "Upgrade", "websocket")) {
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            response.setHeader("Sec-WebSocket-Version", "13");
            GatewayResponses.send(response, 426, "426 Upgrade Required: " + api.path()
                    + " is a WebSocket API; connect with ws:// or wss://");
            return null;
        }
        // An upgrade must be a GET (RFC 6455 section 4.1).
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            GatewayResponses.send(response, 405, "405 Method Not Allowed: a WebSocket upgrade is a GET request");
            return null;
        }
        // Only version 13 exists; tell the client which one we speak.
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            response.setHeader("Sec-WebSocket-Version", "13");
            GatewayResponses.send(response, 426, "426 Upgrade Required: Sec-WebSocket-Version must be 13");
            return null;
        }
        // The key must be 16 random bytes in base64, and Connection must ask for the upgrade.
        if (!validKey(request.getHeader("Sec-WebSocket-Key")) || !headerHasToken(request, "Connection", "upgrade")) {
            GatewayResponses.send(response, 400, "400 Bad Request: not a valid WebSocket upgrade "
                    + "(Connection: Upgrade and a 16-byte Sec-WebSocket-Key are required)");
            return null;
        }
        // The API's policies, in their fixed order: the first refusal is the answer.
        Map<String, List<String>> headers = headers(request);
        UpgradeRequest upgrade = new UpgradeRequest(api, suffix, request.getRemoteAddr(), request.isSecure(), headers,
                request.getQueryString());
        Verdict verdict;
        MessageGuard guard = null;
        try {
            PolicyChain chain = policies.chain(api);
            verdict = chain.check(upgrade);
            if (verdict.passed()) {
                guard = chain.guard(upgrade);
            }
        } catch (RuntimeException e) {
            // A policy must answer with a verdict; one that fails is the gateway's fault, said as such.
            log.error("A policy of " + api.label() + " failed on a handshake", e);
            upgrade.release();
            verdict = Verdict.refuse(500, "500 Internal Server Error: a policy of " + api.path() + " failed; the "
                    + "server log has the details");
        }
        if (!verdict.passed()) {
            verdict.headers().forEach(response::setHeader);
            GatewayResponses.send(response, verdict.status(), verdict.message());
            return upgrade;
        }
        BackendConnection backend = connectBackend(request, response, api, suffix, upgrade);
        if (backend == null) {
            upgrade.release();
            return upgrade;
        }
        upgrade(request, response, api, backend, upgrade, guard, start);
        return upgrade;
    }

    private BackendConnection connectBackend(Request request, Response response, Api api, String suffix,
            UpgradeRequest upgrade) throws IOException {
        BackendRequest backendRequest;
        try {
            backendRequest = new BackendRequest(
                    BackendRequest.target(api.endpoint().url(), encodePath(suffix), upgrade.backendQuery()),
                    UpgradeHeaders.towardsBackend(upgrade.headers(), upgrade.removedBackendHeaders(),
                            upgrade.backendHeaders(), request.getRemoteAddr(), request.isSecure(),
                            request.getHeader("Host"), request.getServerPort()),
                    tokens(request, "Sec-WebSocket-Protocol"), api.endpoint());
        } catch (URISyntaxException | IllegalArgumentException e) {
            GatewayResponses.send(response, 400, "400 Bad Request: the path or query cannot be forwarded");
            return null;
        }
        // A backend that does not answer holds at most this many of its API's handshakes; the rest are told to retry.
        if (!pending.enter(api)) {
            response.setHeader("Retry-After", "1");
            GatewayResponses.send(response, 503, "503 Service Unavailable: " + pending.max() + " handshakes are "
                    + "already waiting for the backend of " + api.path() + "; retry later");
            return null;
        }
        long start = System.nanoTime();
        CompletableFuture<BackendConnection> future = backends.connect(backendRequest)
                .whenComplete((c, failure) -> {
                    pending.leave(api);
                    metrics.backendConnected(api, System.nanoTime() - start);
                });
        long waitMillis = api.endpoint().connectTimeout().plus(api.endpoint().handshakeTimeout()).toMillis() + 1000;
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            BackendException failure = e.getCause() instanceof BackendException b ? b
                    : new BackendException(502, "cannot reach the backend", e.getCause());
            reject(response, api, failure);
        } catch (TimeoutException e) {
            future.thenAccept(late -> late.channel().close());
            reject(response, api, new BackendException(504, "the backend did not answer in time"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.thenAccept(late -> late.channel().close());
            GatewayResponses.send(response, 503, "503 Service Unavailable: the gateway is stopping");
        }
        return null;
    }

    private static void reject(Response response, Api api, BackendException failure) throws IOException {
        log.warn("Backend of " + api.label() + " (" + api.endpoint().url().getHost() + ") failed the handshake: "
                + failure.getMessage());
        if (failure.body() != null) {
            GatewayResponses.reason(response, "the backend of " + api.path() + " refused the upgrade with "
                    + failure.status());
            failure.headers().forEach(h -> response.addHeader(h.getKey(), h.getValue()));
            GatewayResponses.send(response, failure.status(), failure.body(), failure.contentType());
        } else if (failure.status() == 504) {
            GatewayResponses.send(response, 504, "504 Gateway Timeout: the backend of " + api.path()
                    + " did not answer in time");
        } else {
            GatewayResponses.send(response, 502, "502 Bad Gateway: the backend of " + api.path()
                    + " is unavailable or refused the connection");
        }
    }

    private void upgrade(Request request, Response response, Api api, BackendConnection backend, UpgradeRequest upgrade,
            MessageGuard guard, long start) throws IOException {
        ClientDeflate deflate = api.endpoint().clientCompression()
                ? ClientDeflate.negotiate(Collections.list(request.getHeaders("Sec-WebSocket-Extensions"))) : null;
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", UpgradeHeaders.accept(request.getHeader("Sec-WebSocket-Key")));
        if (backend.subprotocol() != null) {
            response.setHeader("Sec-WebSocket-Protocol", backend.subprotocol());
        }
        if (deflate != null) {
            response.setHeader("Sec-WebSocket-Extensions", deflate.responseHeader());
        }
        backend.responseHeaders().forEach(h -> response.addHeader(h.getKey(), h.getValue()));
        SessionLog sessionLog = accessLog == null ? null : new SessionLog(accessLog,
                opening(request, api, upgrade, backend.subprotocol()), start);
        RelaySession relay = new RelaySession(api, backend, tracker, upgrade, guard,
                metrics.session(api, upgrade.identity()), sessionLog);
        try {
            request.upgrade(ClientConnection.class).bind(relay, deflate,
                    backend.deflater() == null && (guard == null || !guard.holdsText(Direction.INBOUND)),
                    backend.channel().alloc(), upgrade.maxFrame(), api.endpoint().maxMessageSize());
        } catch (ServletException | RuntimeException e) {
            log.error("Upgrade of a client to " + api.label() + " failed", e);
            backend.channel().close();
            upgrade.release();
            if (!response.isCommitted()) {
                response.reset();
                GatewayResponses.send(response, 500, "500 Internal Server Error: the upgrade failed");
            }
            return;
        }
        // If Tomcat never opens the client leg (the client vanished at once), do not keep the backend waiting.
        backend.channel().eventLoop().schedule(relay::expireIfNotOpened, api.endpoint().handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * What the access log says of a handshake. Nothing refers to the request afterwards (Tomcat recycles it): a
     * session's headers are read from its {@link UpgradeRequest}.
     *
     * @param api         the API, or {@code null} when none matched
     * @param upgrade    the upgrade request as the policies saw it, or {@code null} if refused before them
     * @param subprotocol the subprotocol chosen, or {@code null}
     */
    static AccessLogEntry.Opening opening(Request request, Api api, UpgradeRequest upgrade, String subprotocol) {
        var who = upgrade == null ? null : upgrade.identity();
        return new AccessLogEntry.Opening(request.getRemoteAddr(), request.getRequestURI(),
                loggedQuery(request, upgrade),
                api == null ? null : api.name(), api == null ? null : api.version(),
                who == null ? null : who.applicationName(), who == null ? null : who.subscriber(), subprotocol,
                upgrade == null ? request::getHeader : upgrade::header,
                upgrade == null ? Set.of() : Set.copyOf(upgrade.secretHeaders()));
    }

    /**
     * The query as logs may show it: credentials as {@code ***}; every value as {@code ***} when the handshake was
     * refused before the policies said which parameters are credentials ({@code null} if there is no query).
     */
    static String loggedQuery(Request request, UpgradeRequest upgrade) {
        return upgrade == null ? UpgradeRequest.redactAll(request.getQueryString()) : upgrade.redactedQuery();
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    private static List<String> tokens(Request request, String header) {
        List<String> tokens = new ArrayList<>();
        for (String value : Collections.list(request.getHeaders(header))) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    tokens.add(token.trim());
                }
            }
        }
        return tokens;
    }

    private static boolean headerHasToken(Request request, String header, String token) {
        for (String value : Collections.list(request.getHeaders(header))) {
            for (String part : value.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Percent-encodes a decoded path so it can be sent on; {@code /} stays a separator. */
    static String encodePath(String decoded) throws URISyntaxException {
        return decoded.isEmpty() ? "" : new URI(null, null, decoded, null).toASCIIString();
    }

}
