package org.wsgateway.relay.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpgradeHeadersTest {

    private final Map<String, List<String>> client = new LinkedHashMap<>();
    private final List<String> withheld = new ArrayList<>();
    private final Map<String, String> gateway = new LinkedHashMap<>();

    private List<Map.Entry<String, String>> towardsBackend() {
        return UpgradeHeaders.towardsBackend(client, withheld, gateway, "10.0.0.7", false, "gw.example:8080", 8080);
    }

    private static List<String> values(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    /** The gateway's forwarding headers for a client at 10.0.0.7 that sent none of its own. */
    private static void assertForwardedByTheGateway(List<Map.Entry<String, String>> headers) {
        assertEquals(List.of("10.0.0.7"), values(headers, "X-Forwarded-For"));
        assertEquals(List.of("http"), values(headers, "X-Forwarded-Proto"));
        assertEquals(List.of("gw.example:8080"), values(headers, "X-Forwarded-Host"));
        assertEquals(List.of("8080"), values(headers, "X-Forwarded-Port"));
    }

    private static List<String> names(List<Map.Entry<String, String>> headers) {
        return headers.stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void dropsHopByHopHostAndPerLegWebSocketHeaders() {
        client.put("Host", List.of("gw.example:8080"));
        client.put("Connection", List.of("Upgrade"));
        client.put("Upgrade", List.of("websocket"));
        client.put("Keep-Alive", List.of("timeout=5"));
        client.put("Proxy-Connection", List.of("keep-alive"));
        client.put("TE", List.of("trailers"));
        client.put("Transfer-Encoding", List.of("chunked"));
        client.put("Content-Length", List.of("0"));
        client.put("Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
        client.put("Sec-WebSocket-Version", List.of("13"));
        client.put("Sec-WebSocket-Extensions", List.of("permessage-deflate"));
        client.put("Sec-WebSocket-Protocol", List.of("chat"));
        client.put("Sec-WebSocket-Accept", List.of("forged"));

        assertEquals(List.of("x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"),
                names(towardsBackend()));
    }

    @Test
    void dropsHeadersThatTheConnectionHeaderNames() {
        client.put("Connection", List.of("Upgrade, X-Hop", "x-other-hop"));
        client.put("X-Hop", List.of("1"));
        client.put("X-Other-Hop", List.of("2"));
        client.put("X-End-To-End", List.of("3"));

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertEquals(List.of(), values(headers, "X-Hop"));
        assertEquals(List.of(), values(headers, "X-Other-Hop"));
        assertEquals(List.of("3"), values(headers, "X-End-To-End"));
    }

    @Test
    void keepsEndToEndHeadersWithAllTheirValuesInOrder() {
        client.put("Origin", List.of("https://app.example"));
        client.put("Cookie", List.of("a=1", "b=2"));
        client.put("Authorization", List.of("Bearer t0ken"));
        client.put("X-Custom", List.of("one", "two", "three"));

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertEquals(List.of("https://app.example"), values(headers, "Origin"));
        assertEquals(List.of("a=1", "b=2"), values(headers, "Cookie"));
        assertEquals(List.of("Bearer t0ken"), values(headers, "Authorization"));
        assertEquals(List.of("one", "two", "three"), values(headers, "X-Custom"));
        assertEquals(Map.entry("X-Custom", "one"), headers.get(4), "the client's spelling and order are kept");
    }

    @Test
    void addsForwardingHeaders() {
        List<Map.Entry<String, String>> headers = towardsBackend();

        assertForwardedByTheGateway(headers);
    }

    @Test
    void saysHttpsAndLeavesOutAnAbsentHost() {
        List<Map.Entry<String, String>> headers = UpgradeHeaders.towardsBackend(client, List.of(), Map.of(), "::1", true, null,
                8443);

        assertEquals(List.of("https"), values(headers, "X-Forwarded-Proto"));
        assertEquals(List.of(), values(headers, "X-Forwarded-Host"));
        assertEquals(List.of("8443"), values(headers, "X-Forwarded-Port"));
    }

    @Test
    void appendsTheClientAddressToAnExistingForwardedFor() {
        client.put("x-forwarded-for", List.of("203.0.113.9, 198.51.100.2", "192.0.2.1"));

        assertEquals(List.of("203.0.113.9, 198.51.100.2, 192.0.2.1, 10.0.0.7"),
                values(towardsBackend(), "X-Forwarded-For"));
    }

    @Test
    void replacesForwardingHeadersTheClientSent() {
        client.put("X-Forwarded-Proto", List.of("https"));
        client.put("x-forwarded-host", List.of("evil.example"));
        client.put("X-FORWARDED-PORT", List.of("1"));

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertForwardedByTheGateway(headers);
    }

    @Test
    void matchesHeaderNamesWhateverTheirCase() {
        client.put("HOST", List.of("x"));
        client.put("sec-websocket-key", List.of("k"));
        client.put("CONNECTION", List.of("upgrade, X-HOP"));
        client.put("x-hop", List.of("1"));
        client.put("ORIGIN", List.of("https://app.example"));

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertEquals(List.of("origin", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"),
                names(headers));
    }

    @Test
    void neverPassesTheClientsRoutingHeadersOn() {
        client.put("X-Original-URL", List.of("/admin"));
        client.put("x-rewrite-url", List.of("/admin"));
        client.put("Forwarded", List.of("for=203.0.113.9;host=evil.example;proto=https"));
        client.put("X-Forwarded-Prefix", List.of("/admin"));
        client.put("X-Forwarded-Server", List.of("evil.example"));
        client.put("X-Kept", List.of("1"));

        assertEquals(List.of("x-kept", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"),
                names(towardsBackend()));
    }

    @Test
    void keepsTheGatewaysHeadersWhenTheClientsConnectionHeaderNamesThem() {
        client.put("Connection", List.of("Upgrade, X-WS-Gateway-Application, X-JWT-Assertion, X-Env, "
                + "X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port"));
        client.put("X-Env", List.of("the client's"));
        gateway.put("X-WS-Gateway-Application", "app-1");
        gateway.put("X-JWT-Assertion", "signed");
        gateway.put("X-Env", "prod");

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertEquals(List.of("app-1"), values(headers, "X-WS-Gateway-Application"));
        assertEquals(List.of("signed"), values(headers, "X-JWT-Assertion"));
        assertEquals(List.of("prod"), values(headers, "X-Env"), "the gateway's value replaces the client's");
        assertForwardedByTheGateway(headers);
    }

    @Test
    void leavesOutTheClientHeadersThePoliciesWithholdWhateverTheirCase() {
        client.put("Cookie", List.of("a=1"));
        client.put("x-ws-gateway-plan", List.of("Gold"));
        client.put("X-Forwarded-For", List.of("203.0.113.9"));
        client.put("X-Kept", List.of("1"));
        withheld.addAll(List.of("cookie", "X-WS-Gateway-Plan", "x-forwarded-for"));

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertEquals(List.of("x-kept", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"),
                names(headers));
        assertEquals(List.of("10.0.0.7"), values(headers, "X-Forwarded-For"));
    }

    @Test
    void letsAPolicySetAForwardingHeader() {
        gateway.put("x-forwarded-host", "api.example");

        List<Map.Entry<String, String>> headers = towardsBackend();

        assertEquals(List.of("api.example"), values(headers, "X-Forwarded-Host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Set-Cookie", "set-cookie", "X-Backend-Node", "WWW-Authenticate"})
    void returnsEndToEndResponseHeadersToTheClient(String name) {
        assertTrue(UpgradeHeaders.returnedToClient(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sec-WebSocket-Accept", "SEC-WEBSOCKET-EXTENSIONS", "Sec-WebSocket-Protocol", "Connection",
            "upgrade", "Date", "Server", "Content-Length", "Transfer-Encoding"})
    void keepsPerLegAndHopByHopResponseHeadersFromTheClient(String name) {
        assertFalse(UpgradeHeaders.returnedToClient(name));
    }

    @Test
    void computesTheAcceptValueOfTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", UpgradeHeaders.accept("dGhlIHNhbXBsZSBub25jZQ=="));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", UpgradeHeaders.accept(" dGhlIHNhbXBsZSBub25jZQ== "));
    }
}
