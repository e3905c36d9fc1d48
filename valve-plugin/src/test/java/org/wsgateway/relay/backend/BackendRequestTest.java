package org.wsgateway.relay.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class BackendRequestTest {

    private static String target(String endpoint, String suffix, String query) {
        return BackendRequest.target(URI.create(endpoint), suffix, query).toString();
    }

    @Test
    void appendsTheSuffixAndQuery() {
        assertEquals("ws://10.0.0.1:9001/echo/room/1?user=ann",
                target("ws://10.0.0.1:9001/echo", "/room/1", "user=ann"));
    }

    @Test
    void joinsABasePathWithATrailingSlashWithoutDoublingIt() {
        assertEquals("wss://backend.example/api/x", target("wss://backend.example/api/", "/x", null));
        assertEquals("wss://backend.example/api/", target("wss://backend.example/api/", "", null));
    }

    @Test
    void mergesTheEndpointQueryBeforeTheClients() {
        assertEquals("ws://b:1/echo?key=1&user=ann", target("ws://b:1/echo?key=1", "", "user=ann"));
        assertEquals("ws://b:1/echo/r?key=1", target("ws://b:1/echo?key=1", "/r", null));
        assertEquals("ws://b:1/echo/r?key=1", target("ws://b:1/echo?key=1", "/r", ""));
    }

    @Test
    void usesTheEndpointPathOrTheRootForAnEmptySuffix() {
        assertEquals("ws://b:1/echo", target("ws://b:1/echo", "", null));
        assertEquals("ws://b:1/", target("ws://b:1", "", null));
        assertEquals("ws://b:1/?q=1", target("ws://b:1", "", "q=1"));
        assertEquals("ws://b:1/x", target("ws://b:1", "/x", null));
    }

    @Test
    void keepsAnEncodedSuffixAndQueryAsTheyAre() {
        URI target = BackendRequest.target(URI.create("ws://b:1/echo"), "/a%20b/c%2Fd", "q=%C3%A9&r=a+b");

        assertEquals("/echo/a%20b/c%2Fd", target.getRawPath());
        assertEquals("q=%C3%A9&r=a+b", target.getRawQuery());
    }

    @Test
    void keepsTheEndpointsAuthority() {
        assertEquals("ws://[::1]:9001/echo/x", target("ws://[::1]:9001/echo", "/x", null));
        assertEquals("wss://backend.example/x", target("wss://backend.example", "/x", null));
    }
}
