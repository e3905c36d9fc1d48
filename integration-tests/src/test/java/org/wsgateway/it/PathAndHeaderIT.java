package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.metrics.GatewayMetrics;

/**
 * Requests that try to reach more of the backend than the API offers, checked at the recording backend: path tricks
 * (path parameters, dot segments, backslashes, encoded slashes, raw or percent-encoded) are refused with 400 before
 * anything is forwarded, even on a connector that lets encoded slashes and backslashes through; routing headers from
 * the client never reach the backend; a client's {@code Connection} header cannot strip the headers the gateway
 * sets; the endpoint's fixed query parameters cannot be repeated; jwt's scopes per topic cannot be side-stepped.
 */
class PathAndHeaderIT extends GatewayTestBase {

    private static final String KEY = ApiKey.KEY_PREFIX + "P".repeat(43);
    private static TesterIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        issuer = new TesterIssuer();
        startTomcat(config(api("Paths", "/paths", "1", backend.url("/echo"), "")
                + api("Fixed", "/fixed", "1", backend.url("/echo?feed=eu"), "")
                + "<api name=\"Identity\" context=\"/identity\" version=\"1\" plans=\"Gold\">"
                + "<endpoint url=\"" + backend.url("/echo") + "\"/><policies><key-auth/>"
                + "<backend-identity set=\"X-Env: prod\" identity=\"headers\"/></policies></api>"
                + "<api name=\"Topics\" context=\"/topics\" version=\"1\">"
                + "<endpoint url=\"" + backend.url("/echo") + "\"/><policies>"
                + "<jwt issuer=\"" + TesterIssuer.ISSUER + "\" jwksUrl=\"" + issuer.jwksUrl() + "\" "
                + "audience=\"ws-gateway\" subscription=\"false\" topicScopes=\"/admin=admin\"/></policies></api>"
                + "<application id=\"app-1\" name=\"Caller\" owner=\"dev\">"
                + "<subscription id=\"sub-1\" api=\"" + Api.idFor("/identity", "1") + "\" plan=\"Gold\"/>"
                + "<key id=\"key-1\" hash=\"" + ApiKey.hash(KEY) + "\" created=\"2026-01-01T00:00:00Z\"/>"
                + "</application>"),
                // As permissive as Tomcat can be told to be: the gateway's own rule must hold regardless.
                t -> {
                    t.getConnector().setEncodedSolidusHandling("passthrough");
                    t.getConnector().setEncodedReverseSolidusHandling("passthrough");
                    t.getConnector().setAllowBackslash(true);
                });
    }

    @AfterAll
    static void stop() throws Exception {
        stopTomcat();
        issuer.close();
    }

    private static long handshakes(String api, int status) {
        Metric meter = GatewayMetrics.registry().getMetrics().get("ws-gateway.api." + api + ".1.handshakes." + status);
        return meter == null ? 0 : ((Counting) meter).getCount();
    }

    private static String accessLog() {
        return AccessLogs.read(base.resolve("logs"), "ws-gateway-access.");
    }

    private static TesterConnection relayed(String path, String... headerLines) throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", path, RawHttp.upgrade(headerLines));
        assertEquals(101, response.status(), response.body());
        return backend.nextConnection();
    }

    // ---- paths ----

    @ParameterizedTest
    @ValueSource(strings = {"/paths/1/..%3B/admin", "/paths/1/x/..;/admin", "/paths/1/admin;x",
        "/paths/1/admin%3bx", "/paths/1;x/admin", "/paths/1/x/%2e%2e/admin", "/paths/1/x/%2E/admin",
        "/paths/1/x/./admin", "/paths/1/x/../admin", "/paths/1/.", "/paths/1/a%2fb", "/paths/1/a%5Cb",
        "/paths/1/%2e%2e%3b/admin"})
    void refusesAPathTrickWith400BeforeTheBackendSeesAnything(String path) throws Exception {
        long before = handshakes("Paths", 400);
        RawHttp.Response response = RawHttp.send(port(), "GET", path, RawHttp.upgrade());
        assertEquals(400, response.status(), path + ": " + response.body());
        assertTrue(response.body().startsWith("400 Bad Request: the path "), response.body());
        assertEquals(1, response.body().lines().count(), "a one-line reason");
        assertTrue(backend.connections().isEmpty(), "the backend saw " + backend.connections());
        // The count follows the answer (Tomcat sends a body of known length at once): the client may hear first.
        await("the refusal to be counted", 5, () -> handshakes("Paths", 400) >= before + 1);
        assertEquals(before + 1, handshakes("Paths", 400), "the refusal is counted once");
    }

    @Test
    void logsAPathRefusalInTheAccessLog() throws Exception {
        assertEquals(400, RawHttp.send(port(), "GET", "/paths/1/..%3B/logged?secret=1", RawHttp.upgrade()).status());
        String line = "\"/paths/1/..%3B/logged?secret=***\" 400 Paths 1 ";
        await("the access log line " + line, 5, () -> accessLog().contains(line));
        String logged = accessLog().lines().filter(l -> l.contains(line)).findFirst().orElseThrow();
        assertTrue(logged.contains("\"400 Bad Request: the path "), logged);
    }

    @Test
    void relaysAPlainSuffixAsItCame() throws Exception {
        TesterConnection backendSide = relayed("/paths/1/rooms/a.b/x..y?q=1");
        assertEquals("/echo/rooms/a.b/x..y?q=1", backendSide.uri());
    }

    // ---- headers ----

    @Test
    void neverPassesTheClientsRoutingHeadersToTheBackend() throws Exception {
        TesterConnection backendSide = relayed("/paths/1", "X-Original-URL: /admin", "X-Rewrite-URL: /admin",
                "Forwarded: for=203.0.113.9;host=evil.example;proto=https", "X-Forwarded-Host: evil.example",
                "X-Forwarded-Proto: https", "X-Forwarded-Port: 1", "X-Forwarded-Prefix: /admin",
                "X-Forwarded-For: 203.0.113.9", "X-Custom: kept");
        Map<String, String> headers = backendSide.headers();
        assertNull(headers.get("x-original-url"), headers.toString());
        assertNull(headers.get("x-rewrite-url"), headers.toString());
        assertNull(headers.get("forwarded"), headers.toString());
        assertNull(headers.get("x-forwarded-prefix"), headers.toString());
        assertEquals("127.0.0.1:" + port(), headers.get("x-forwarded-host"));
        assertEquals("http", headers.get("x-forwarded-proto"));
        assertEquals(Integer.toString(port()), headers.get("x-forwarded-port"));
        assertEquals("203.0.113.9, 127.0.0.1", headers.get("x-forwarded-for"), "appended to, as before");
        assertEquals("kept", headers.get("x-custom"));
    }

    @Test
    void keepsTheGatewaysHeadersWhenTheClientsConnectionHeaderNamesThem() throws Exception {
        TesterConnection backendSide = relayed("/identity/1", "apikey: " + KEY,
                "Connection: Upgrade, X-WS-Gateway-Application, X-WS-Gateway-Plan, X-Env, X-Forwarded-For, "
                        + "X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Port, X-Hop",
                "X-Hop: dropped");
        Map<String, String> headers = backendSide.headers();
        assertEquals("app-1", headers.get("x-ws-gateway-application"), headers.toString());
        assertEquals("Gold", headers.get("x-ws-gateway-plan"), headers.toString());
        assertEquals("prod", headers.get("x-env"), headers.toString());
        assertEquals("127.0.0.1", headers.get("x-forwarded-for"), headers.toString());
        assertEquals("http", headers.get("x-forwarded-proto"), headers.toString());
        assertEquals("127.0.0.1:" + port(), headers.get("x-forwarded-host"), headers.toString());
        assertEquals(Integer.toString(port()), headers.get("x-forwarded-port"), headers.toString());
        assertNull(headers.get("x-hop"), "the client's own hop-by-hop headers still go");
    }

    // ---- query ----

    @Test
    void dropsTheClientsCopiesOfTheEndpointsFixedQueryParameters() throws Exception {
        TesterConnection backendSide = relayed("/fixed/1?feed=us&x=1&FEED=asia&fe%65d=latam&feed");
        assertEquals("/echo?feed=eu&x=1", backendSide.uri());
    }

    // ---- jwt topics ----

    @ParameterizedTest
    @ValueSource(strings = {"/topics/1/admin%3Bx", "/topics/1/admin;x", "/topics/1/x/..%3B/admin",
        "/topics/1/x/%2e%2e/admin", "/topics/1/x/../admin", "/topics/1/./admin"})
    void cannotSideStepATopicsScopeWithPathTricks(String path) throws Exception {
        String token = issuer.token("client-1", "profile", Instant.now().plusSeconds(300));
        RawHttp.Response response = RawHttp.send(port(), "GET", path, RawHttp.upgrade("Authorization: Bearer "
                + token));
        assertEquals(400, response.status(), path + ": " + response.body());
        assertTrue(backend.connections().isEmpty(), "the backend saw " + backend.connections());
    }

    @Test
    void needsTheTopicsScopeForEverySpellingThatReachesTheTopic() throws Exception {
        String token = issuer.token("client-1", "profile", Instant.now().plusSeconds(300));
        for (String path : List.of("/topics/1/admin", "/topics/1/admin/", "/topics/1/admin/users",
                "/topics/1/%61dmin", "/topics/1//admin")) {
            RawHttp.Response response = RawHttp.send(port(), "GET", path, RawHttp.upgrade("Authorization: Bearer "
                    + token));
            assertEquals(403, response.status(), path + ": " + response.body());
            assertTrue(response.headers().get("www-authenticate").contains("insufficient_scope"), path);
        }
        assertTrue(backend.connections().isEmpty(), "the backend saw " + backend.connections());
        TesterConnection other = relayed("/topics/1/administrators", "Authorization: Bearer " + token);
        assertEquals("/echo/administrators", other.uri(), "a topic is a whole segment, not a prefix");
        assertFalse(other.headers().containsKey("authorization"));
    }
}
