package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.it.support.TesterConnection;

/**
 * The jwt policy with tokens the test signs and a JWKS served on loopback: signatures, issuer, expiry, scopes per
 * topic, key rotation, the subscription of the token's client, and a live socket closed when its token expires.
 */
class JwtIT extends AdminTestBase {

    private static TesterIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        issuer = new TesterIssuer();
        startWithAdmin(config("<api name=\"Tokens\" context=\"/tokens\" version=\"1\" plans=\"Gold\">"
                + "<endpoint url=\"" + backend.url("/echo") + "\"/><policies>"
                + "<jwt issuer=\"" + TesterIssuer.ISSUER + "\" jwksUrl=\"" + issuer.jwksUrl() + "\" "
                + "audience=\"ws-gateway\" topicScopes=\"/orders=orders:read\" clockSkew=\"0\"/>"
                + "</policies></api>"));
        AdminClient dev = client("dev");
        String appId = dev.post("/applications", Map.of("name", "TokenApp", "clientId", "client-1")).json()
                .path("id").asText();
        assertEquals(201, dev.post("/applications/" + appId + "/subscriptions", Map.of("api",
                Api.idFor("/tokens", "1"), "plan", "Gold")).status());
        assertEquals(201, dev.post("/applications", Map.of("name", "Unsubscribed", "clientId", "client-2"))
                .status());
    }

    @AfterAll
    static void stop() throws Exception {
        stopTomcat();
        issuer.close();
    }

    private static String token(String scopes, long seconds) throws Exception {
        return issuer.token("client-1", scopes, Instant.now().plusSeconds(seconds));
    }

    private static int status(String path, Map<String, String> headers) throws Exception {
        try {
            TesterClient client = TesterClient.connectWithHeaders(gateway(path), headers);
            client.close(1000, "");
            client.awaitClose(5);
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void refusesAHandshakeWithoutATokenWith401AndABearerChallenge() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/tokens/1", RawHttp.upgrade());
        assertEquals(401, response.status());
        assertEquals("Bearer realm=\"/tokens/1\"", response.headers().get("www-authenticate"));
    }

    @Test
    void relaysWithAValidTokenAndKeepsItFromTheBackend() throws Exception {
        TesterClient client = TesterClient.connectWithHeaders(gateway("/tokens/1"),
                TesterIssuer.bearer(token("", 300)));
        TesterConnection backendSide = backend.nextConnection();
        client.send("signed");
        assertEquals("signed", client.nextText());
        assertNull(backendSide.headers().get("authorization"));
        client.close(1000, "");
    }

    @Test
    void takesATokenFromTheQueryForBrowsersAndRemovesItOnTheWayToTheBackend() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/tokens/1?access_token=" + token("", 300) + "&x=1"));
        TesterConnection backendSide = backend.nextConnection();
        assertTrue(backendSide.uri().endsWith("?x=1"), backendSide.uri());
        client.close(1000, "");
    }

    @Test
    void refusesForgedExpiredAndForeignTokensWith401InvalidToken() throws Exception {
        for (String bad : new String[] {issuer.forged("client-1"), token("", -10),
            issuer.fromAnotherIssuer("client-1"), "not.a.jwt"}) {
            RawHttp.Response response = RawHttp.send(port(), "GET", "/tokens/1", RawHttp.upgrade(
                    "Authorization: Bearer " + bad));
            assertEquals(401, response.status(), response.body());
            assertTrue(response.headers().get("www-authenticate").contains("error=\"invalid_token\""),
                    response.headers().toString());
        }
    }

    @Test
    void needsTheTopicsScopeUnderItsPath() throws Exception {
        RawHttp.Response refused = RawHttp.send(port(), "GET", "/tokens/1/orders/eu", RawHttp.upgrade(
                "Authorization: Bearer " + token("profile", 300)));
        assertEquals(403, refused.status());
        assertTrue(refused.headers().get("www-authenticate").contains("insufficient_scope"), refused.toString());
        assertEquals(101, status("/tokens/1/orders/eu", TesterIssuer.bearer(token("profile orders:read", 300))));
        assertEquals(101, status("/tokens/1/prices", TesterIssuer.bearer(token("profile", 300))),
                "other topics need no extra scope");
    }

    @Test
    void refusesAJwtPolicyWithoutAnAudienceOverRestWith400NamingJwtAudience() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("NoAudience", "/noaudience", "1", null,
                java.util.List.of()));
        assertEquals(201, created.status(), created.toString());
        com.fasterxml.jackson.databind.node.ObjectNode policies = AdminClient.JSON.createObjectNode();
        policies.putObject("jwt").put("issuer", TesterIssuer.ISSUER).put("jwksUrl", issuer.jwksUrl().toString());
        AdminClient.Answer refused = creator.put("/apis/" + created.json().path("id").asText() + "/policies",
                policies, created.etag());
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("jwt.audience", refused.json().path("errors").path(0).path("field").asText(), refused.toString());
        assertEquals(1, refused.json().path("errors").size(), refused.toString());
        policies.with("jwt").put("audience", "*");
        assertEquals(200, creator.put("/apis/" + created.json().path("id").asText() + "/policies", policies,
                created.etag()).status(), "* accepts any audience, said explicitly");
    }

    @Test
    void refusesATokenWhoseClientIsNotSubscribedWith403() throws Exception {
        String other = issuer.token("client-2", "", Instant.now().plusSeconds(300));
        assertEquals(403, status("/tokens/1", TesterIssuer.bearer(other)));
        String stranger = issuer.token("nobody-knows", "", Instant.now().plusSeconds(300));
        assertEquals(403, status("/tokens/1", TesterIssuer.bearer(stranger)));
    }

    @Test
    void followsAKeyRotationWithoutARestart() throws Exception {
        String before = token("", 300);
        assertEquals(101, status("/tokens/1", TesterIssuer.bearer(before)));
        issuer.rotate();
        String after = token("", 300);
        // The new key id makes the gateway fetch the JWKS again (rate-limited to a couple of fetches in 2 s).
        await("a token signed with the new key to be accepted", 10, () -> {
            try {
                return status("/tokens/1", TesterIssuer.bearer(after)) == 101;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(401, status("/tokens/1", TesterIssuer.bearer(before)), "the retired key is gone");
    }

    @Test
    void closesALiveSocketWith1008WhenItsTokenExpires() throws Exception {
        // (A token's exp is in whole seconds.)
        Instant expires = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TesterClient client = TesterClient.connectWithHeaders(gateway("/tokens/1"),
                TesterIssuer.bearer(issuer.token("client-1", "", expires)));
        TesterConnection backendSide = backend.nextConnection();
        client.send("while valid");
        assertEquals("while valid", client.nextText());
        TesterClient.Close close = client.awaitClose(10);
        long lateMillis = Instant.now().toEpochMilli() - expires.toEpochMilli();
        assertEquals(1008, close.code());
        assertEquals("token expired", close.reason());
        assertTrue(lateMillis > -50 && lateMillis < 1000, "closed " + lateMillis + " ms after the expiry");
        assertEquals(1008, backendSide.awaitClose(5).code());
    }
}
