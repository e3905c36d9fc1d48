package org.wsgateway.relay.backend;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which handshake headers cross the gateway. Towards the backend, first the client's headers, except: hop-by-hop
 * headers (RFC 9110 section 7.6.1, plus those the client's own {@code Connection} header names), {@code Host}, the
 * {@code Sec-WebSocket-*} headers that each leg negotiates for itself, headers the policies withhold, and the
 * headers that tell a server behind a proxy where a request came from or was meant to go, which only the gateway
 * may say ({@code Forwarded}, {@code X-Original-URL}, {@code X-Rewrite-URL}, and every {@code X-Forwarded-*}
 * but {@code X-Forwarded-For}). Then the gateway's own: {@code X-Forwarded-For} (the client's value, appended
 * to), {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Port}, and last the headers the
 * policies set, each replacing any header of its name. The client's {@code Connection} header applies to the
 * client's headers only, so it cannot remove what the gateway adds. Towards the client: the backend's 101 response
 * headers except the same per-leg and hop-by-hop ones, so that e.g. {@code Set-Cookie} reaches the client.
 */
public final class UpgradeHeaders {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
            "content-length", "sec-websocket-key", "sec-websocket-accept", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol");
    /** Client headers naming where the request was meant to go: only the gateway may say (with X-Forwarded-*). */
    private static final Set<String> ROUTING = Set.of("forwarded", "x-original-url", "x-rewrite-url");
    private static final String FORWARDED_PREFIX = "x-forwarded-";
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "content-length",
            "sec-websocket-key", "sec-websocket-accept", "sec-websocket-version", "sec-websocket-extensions",
            "sec-websocket-protocol", "date", "server");

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private UpgradeHeaders() {
    }

    /** The {@code Sec-WebSocket-Accept} value for a {@code Sec-WebSocket-Key} (RFC 6455 section 4.2.2). */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID)
                    .getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /**
     * The headers to send to the backend.
     *
     * @param clientHeaders  the client's request headers, each name with all its values in order
     * @param withheld       names of client headers the policies keep from the backend (any case)
     * @param gatewayHeaders headers the policies set, replacing any header of the same name
     * @param remoteAddr     the client's address as Tomcat resolved it (after {@code RemoteIpValve}, if any)
     * @param secure         whether the client reached Tomcat over TLS
     * @param host           the client's {@code Host} header, or {@code null}
     * @param port           the port the client connected to
     */
    public static List<Map.Entry<String, String>> towardsBackend(Map<String, List<String>> clientHeaders,
            Collection<String> withheld, Map<String, String> gatewayHeaders, String remoteAddr, boolean secure,
            String host, int port) {
        Set<String> policyDropped = new TreeSet<>();
        withheld.forEach(name -> policyDropped.add(name.toLowerCase(Locale.ROOT)));
        Set<String> dropped = connectionTokens(clientHeaders);
        dropped.addAll(policyDropped);
        List<Map.Entry<String, String>> result = new ArrayList<>();
        String forwardedFor = null;
        for (Map.Entry<String, List<String>> header : clientHeaders.entrySet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals("x-forwarded-for") && !policyDropped.contains(lower)) {
                forwardedFor = String.join(", ", header.getValue());
            } else if (!NOT_FORWARDED.contains(lower) && !ROUTING.contains(lower)
                    && !lower.startsWith(FORWARDED_PREFIX) && !dropped.contains(lower)) {
                header.getValue().forEach(value -> result.add(Map.entry(header.getKey(), value)));
            }
        }
        result.add(Map.entry("X-Forwarded-For", forwardedFor == null ? remoteAddr : forwardedFor + ", " + remoteAddr));
        result.add(Map.entry("X-Forwarded-Proto", secure ? "https" : "http"));
        if (host != null) {
            result.add(Map.entry("X-Forwarded-Host", host));
        }
        result.add(Map.entry("X-Forwarded-Port", Integer.toString(port)));
        gatewayHeaders.forEach((name, value) -> {
            result.removeIf(h -> h.getKey().equalsIgnoreCase(name));
            result.add(Map.entry(name, value));
        });
        return result;
    }

    /** Whether a header of the backend's 101 response is passed on to the client. */
    public static boolean returnedToClient(String name) {
        return !NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT));
    }

    private static Set<String> connectionTokens(Map<String, List<String>> headers) {
        Set<String> tokens = new TreeSet<>();
        headers.forEach((name, values) -> {
            if (name.equalsIgnoreCase("connection")) {
                for (String value : values) {
                    for (String token : value.split(",")) {
                        tokens.add(token.trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
        });
        return tokens;
    }
}
