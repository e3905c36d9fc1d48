package org.wsgateway.valve;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayResponsesTest {

    private static String text(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    @Test
    void switchingProtocolsHasNoBodyFieldsAndKeepsTheConnection() {
        String raw = text(GatewayResponses.raw(101, List.of(Map.entry("Upgrade", "websocket"),
                Map.entry("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")), null, null));
        assertTrue(raw.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), raw);
        assertTrue(raw.contains("\r\nUpgrade: websocket\r\n"), raw);
        assertTrue(raw.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), raw);
        assertTrue(raw.endsWith("\r\n\r\n"), raw);
        assertFalse(raw.contains("Content-Length"), raw);
        assertFalse(raw.contains("Connection: close"), raw);
    }

    @Test
    void aRefusalCarriesItsBodyAndClosesTheConnection() {
        String raw = text(GatewayResponses.raw(502, List.of(), "502 Bad Gateway: the backend is down"));
        String body = "502 Bad Gateway: the backend is down\n";
        assertTrue(raw.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), raw);
        assertTrue(raw.contains("\r\nContent-Type: text/plain;charset=UTF-8\r\n"), raw);
        assertTrue(raw.contains("\r\nContent-Length: " + body.length() + "\r\n"), raw);
        assertTrue(raw.contains("\r\nConnection: close\r\n"), raw);
        assertTrue(raw.contains("\r\nCache-Control: no-store\r\n"), raw);
        assertTrue(raw.endsWith("\r\n\r\n" + body), raw);
    }

    @Test
    void fieldsThatCouldSplitTheResponseAreLeftOut() {
        String raw = text(GatewayResponses.raw(401, List.of(
                Map.entry("Set-Cookie", "a=1\r\nX-Injected: yes"),
                Map.entry("Bad Name", "x"),
                Map.entry("X-Nul", "a\u0000b"),
                Map.entry("WWW-Authenticate", "Bearer realm=\"api\"")), new byte[0], null));
        assertFalse(raw.contains("X-Injected"), raw);
        assertFalse(raw.contains("Bad Name"), raw);
        assertFalse(raw.contains("X-Nul"), raw);
        assertTrue(raw.contains("\r\nWWW-Authenticate: Bearer realm=\"api\"\r\n"), raw);
        assertTrue(raw.contains("\r\nContent-Length: 0\r\n"), raw);
        assertEquals(2, raw.split("\r\n\r\n", -1).length, raw);
    }
}
