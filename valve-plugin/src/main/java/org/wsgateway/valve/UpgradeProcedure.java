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

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.accesslog.AccessLogEntry;
import org.wsgateway.accesslog.WebSocketAccessLog;
import org.wsgateway.api.Api;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.metrics.GatewayMetrics;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.PolicyChain;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyChains;
import org.wsgateway.relay.RelayTracker;
import org.wsgateway.relay.backend.UpgradeHeaders;
import org.wsgateway.relay.backend.BackendClient;
import org.wsgateway.relay.backend.BackendRequest;
import org.wsgateway.relay.client.ClientConnection;
import org.wsgateway.relay.client.ClientDeflate;

/**
 * Turns a request for an API into a relayed WebSocket connection, or into one exact HTTP answer: the client's
 * handshake is checked first (answered at once when refused), then the backend is connected and upgraded without
 * a Tomcat thread waiting ({@link PendingUpgrade}), and only then is the client answered, so a backend failure
 * reaches the client as {@code 502}, {@code 504} or the backend's own {@code 401}/{@code 403}.
 */
final class UpgradeProcedure {

    private static final Log log = LogFactory.getLog(UpgradeProcedure.class);

    private final PolicyChains policies;
    private final PendingHandshakes pending;
    private final PendingUpgrade.Gateway gateway;
    private final boolean takeOverSockets;

    /**
     * How a handshake was answered: {@code later} when the answer waits for the backend (and is counted then).
     *
     * @param upgrade the handshake as the policies saw it, or {@code null} if it was refused before they ran
     */
    record Handled(UpgradeRequest upgrade, boolean later) {
        static Handled now(UpgradeRequest upgrade) {
            return new Handled(upgrade, false);
        }

        static Handled later(UpgradeRequest upgrade) {
            return new Handled(upgrade, true);
        }
    }

    /**
     * @param accessLog where sessions are logged at their end, or {@code null}
     * @param pending   handshakes waiting for their API's backend, within a bound per API
     * @param takeOverSockets drive upgraded plain sockets from the backend's event loop (see {@code ChannelClient})
     */
    UpgradeProcedure(BackendClient backends, RelayTracker tracker, PolicyChains policies, GatewayMetrics metrics,
            WebSocketAccessLog accessLog, HandshakeRecorder recorder, PendingHandshakes pending,
            boolean takeOverSockets) {
        this.takeOverSockets = takeOverSockets;
        this.pending = pending;
        this.policies = policies;
        this.gateway = new PendingUpgrade.Gateway(backends, tracker, metrics, accessLog, recorder, pending);
    }

    /**
     * Answers a request for {@code api}: an upgrade to a relayed session, or a refusal.
     *
     * @param start when the request reached the gateway ({@code System.nanoTime()})
     * @return how the handshake was answered
     */
    Handled handle(Request request, Response response, Api api, String suffix, long start) throws IOException {
        // Known, but not open to clients.
        if (api.lifecycle() == Lifecycle.BLOCKED) {
            GatewayResponses.send(response, 503, "503 Service Unavailable: " + api.path() + " is blocked");
            return Handled.now(null);
        }
        if (api.lifecycle() == Lifecycle.RETIRED) {
            GatewayResponses.send(response, 404, "404 Not Found: " + api.path() + " is retired");
            return Handled.now(null);
        }
        // A path the backend could read otherwise than the gateway (;, dot segments, backslashes, encoded slashes).
        String pathProblem = PathRules.problem(request.getRequestURI(), suffix);
        if (pathProblem != null) {
            GatewayResponses.send(response, 400, "400 Bad Request: the path " + pathProblem + "; "
                    + api.path() + " takes plain path segments only");
            return Handled.now(null);
        }
        // A plain HTTP request: say that this path speaks WebSocket.
        if (!headerHasToken(request, "Upgrade", "websocket")) {
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            response.setHeader("Sec-WebSocket-Version", "13");
            GatewayResponses.send(response, 426, "426 Upgrade Required: " + api.path()
                    + " is a WebSocket API; connect with ws:// or wss://");
            return Handled.now(null);
        }
        // An upgrade must be a GET (RFC 6455 section 4.1).
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            GatewayResponses.send(response, 405, "405 Method Not Allowed: a WebSocket upgrade is a GET request");
            return Handled.now(null);
        }
        // Only version 13 exists; tell the client which one we speak.
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            response.setHeader("Sec-WebSocket-Version", "13");
            GatewayResponses.send(response, 426, "426 Upgrade Required: Sec-WebSocket-Version must be 13");
            return Handled.now(null);
        }
        // The key must be 16 random bytes in base64, and Connection must ask for the upgrade.
        if (!validKey(request.getHeader("Sec-WebSocket-Key")) || !headerHasToken(request, "Connection", "upgrade")) {
            GatewayResponses.send(response, 400, "400 Bad Request: not a valid WebSocket upgrade "
                    + "(Connection: Upgrade and a 16-byte Sec-WebSocket-Key are required)");
            return Handled.now(null);
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
            return Handled.now(upgrade);
        }
        BackendRequest backendRequest = backendRequest(request, response, upgrade, suffix, api);
        if (backendRequest == null) {
            upgrade.release();
            return Handled.now(upgrade);
        }
        // A backend that does not answer holds at most this many of its API's handshakes; the rest are told to retry.
        if (!pending.enter(api)) {
            upgrade.release();
            response.setHeader("Retry-After", "1");
            GatewayResponses.send(response, 503, "503 Service Unavailable: " + pending.max() + " handshakes are "
                    + "already waiting for the backend of " + api.path() + "; retry later");
            return Handled.now(upgrade);
        }
        ClientConnection client;
        try {
            client = request.upgrade(ClientConnection.class);
        } catch (ServletException | RuntimeException e) {
            pending.leave(api);
            upgrade.release();
            log.error("Upgrade of a client to " + api.label() + " failed", e);
            GatewayResponses.send(response, 500, "500 Internal Server Error: the upgrade failed");
            return Handled.now(upgrade);
        }
        // Tomcat writes nothing on this connection any more: the answer (101, or the refusal the backend's failure
        // calls for) is written on the upgraded socket once the backend has answered; no Tomcat thread waits for it.
        response.getCoyoteResponse().setCommitted(true);
        client.allowTakeOver(takeOverSockets);
        ClientDeflate deflate = api.endpoint().clientCompression()
                ? ClientDeflate.negotiate(Collections.list(request.getHeaders("Sec-WebSocket-Extensions"))) : null;
        PendingUpgrade.Client asked = new PendingUpgrade.Client(client,
                UpgradeHeaders.accept(request.getHeader("Sec-WebSocket-Key")), deflate,
                gateway.recorder().logs() ? opening(request, api, upgrade, null) : null);
        new PendingUpgrade(gateway, api, upgrade, guard, asked, start).start(backendRequest);
        return Handled.later(upgrade);
    }

    /** What the backend is asked for, or {@code null} once the client has been answered with 400. */
    private static BackendRequest backendRequest(Request request, Response response, UpgradeRequest upgrade,
            String suffix, Api api) throws IOException {
        try {
            return new BackendRequest(
                    BackendRequest.target(api.endpoint().url(), encodePath(suffix), upgrade.backendQuery()),
                    UpgradeHeaders.towardsBackend(upgrade.headers(), upgrade.removedBackendHeaders(),
                            upgrade.backendHeaders(), request.getRemoteAddr(), request.isSecure(),
                            request.getHeader("Host"), request.getServerPort()),
                    tokens(request, "Sec-WebSocket-Protocol"), api.endpoint());
        } catch (URISyntaxException | IllegalArgumentException e) {
            GatewayResponses.send(response, 400, "400 Bad Request: the path or query cannot be forwarded");
            return null;
        }
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
