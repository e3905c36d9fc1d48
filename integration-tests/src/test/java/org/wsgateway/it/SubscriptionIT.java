package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.catalina.valves.AccessLogValve;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

/**
 * The developer side through real sockets: applications, subscriptions and API keys made over the REST API, the
 * default key authentication (401/403 with their reasons), keys kept from the backend and from the access log, and
 * governance that reaches live sockets (revoked key, blocked or removed subscription, deleted application).
 */
class SubscriptionIT extends AdminTestBase {

    private static AdminClient dev;
    private static AdminClient dev2;
    private static String apiId;
    private static String apiEtag;

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(""), t -> {
            // As in a stock Tomcat: a ROOT webapp, and Tomcat's access log on the Host.
            try {
                TesterWebapp.deploy(t, "", "root");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            AccessLogValve accessLog = new AccessLogValve();
            accessLog.setDirectory(base.resolve("logs").toString());
            accessLog.setPrefix("localhost_access_log");
            accessLog.setSuffix(".txt");
            accessLog.setPattern("%h \"%r\" %s");
            accessLog.setBuffered(false);
            t.getHost().getPipeline().addValve(accessLog);
        });
        dev = client("dev");
        dev2 = client("dev2");
        ObjectNode body = apiBody("Keyed", "/keyed", "1", backend.url("/echo").toString(), List.of("Gold", "Silver"));
        body.remove("policies"); // no authenticate policy: API keys, the default
        AdminClient.Answer created = publisher.post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        apiId = created.json().path("id").asText();
        apiEtag = created.etag();
    }

    /** An application of {@code owner} subscribed to the API with {@code plan}, and a key: [appId, subId, key]. */
    private static String[] subscribedKey(AdminClient owner, String appName, String plan) throws Exception {
        AdminClient.Answer app = owner.post("/applications", Map.of("name", appName));
        assertEquals(201, app.status(), app.toString());
        String appId = app.json().path("id").asText();
        String subscriptionId = null;
        if (plan != null) {
            AdminClient.Answer sub = owner.post("/applications/" + appId + "/subscriptions", Map.of("api", apiId,
                    "plan", plan));
            assertEquals(201, sub.status(), sub.toString());
            subscriptionId = sub.json().path("id").asText();
        }
        AdminClient.Answer key = owner.post("/applications/" + appId + "/keys", Map.of("name", "test"));
        assertEquals(201, key.status(), key.toString());
        String secret = key.json().path("key").asText();
        assertTrue(secret.startsWith("wsg_") && secret.length() > 40, secret);
        return new String[] {appId, subscriptionId, secret};
    }

    @Test
    void refusesAHandshakeWithoutAKeyWith401SayingWhereTheKeyGoes() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/keyed/1", RawHttp.upgrade());
        assertEquals(401, response.status());
        assertTrue(response.headers().get("www-authenticate").startsWith("ApiKey"), response.headers().toString());
        assertTrue(response.body().contains("apikey header"), response.body());
    }

    @Test
    void refusesAnUnknownKeyWith401() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/keyed/1", RawHttp.upgrade(
                "apikey: wsg_notAKeyThatWasEverIssued0000000000000000000"));
        assertEquals(401, response.status());
        assertFalse(response.body().contains("wsg_notAKey"), "the key is not echoed back");
    }

    @Test
    void relaysWithAKeyInTheHeaderAndKeepsTheKeyFromTheBackend() throws Exception {
        String[] sub = subscribedKey(dev, "HeaderApp", "Gold");
        TesterClient client = TesterClient.connectWithHeaders(gateway("/keyed/1"), Map.of("apikey", sub[2]));
        TesterConnection backendSide = backend.nextConnection();
        client.send("with a key");
        assertEquals("with a key", client.nextText());
        assertNull(backendSide.headers().get("apikey"), "the backend never sees the client's key");
        client.close(1000, "");
    }

    @Test
    void relaysWithAKeyInTheQueryAndRedactsItFromBackendAndAccessLog() throws Exception {
        String[] sub = subscribedKey(dev, "QueryApp", "Gold");
        TesterClient client = TesterClient.connect(gateway("/keyed/1?room=7&apikey=" + sub[2]));
        TesterConnection backendSide = backend.nextConnection();
        assertTrue(backendSide.uri().endsWith("?room=7"), backendSide.uri());
        client.close(1000, "");
        client.awaitClose(5);
        await("the access log line", 5, () -> accessLog().contains("room=7"));
        String log = accessLog();
        assertFalse(log.contains(sub[2]), log);
        assertTrue(log.contains("/keyed/1?room=7&apikey=*** HTTP/1.1\" 101"), log);
    }

    @Test
    void refusesAKeyOfAnApplicationNotSubscribedWith403() throws Exception {
        String[] sub = subscribedKey(dev, "Unsubscribed", null);
        HttpResponse<?> refused = TesterClient.refused(gateway("/keyed/1?apikey=" + sub[2]));
        assertEquals(403, refused.statusCode());
    }

    @Test
    void closesLiveSocketsWith1008WhenTheirKeyIsRevokedAndRefusesTheKeyAfter() throws Exception {
        String[] sub = subscribedKey(dev, "RevokedApp", "Gold");
        TesterClient client = TesterClient.connect(gateway("/keyed/1?apikey=" + sub[2]));
        TesterConnection backendSide = backend.nextConnection();
        String keyId = dev.get("/applications/" + sub[0] + "/keys").json().path("items").get(0).path("id").asText();
        long start = System.nanoTime();
        assertEquals(204, dev.delete("/applications/" + sub[0] + "/keys/" + keyId, null).status());
        TesterClient.Close close = client.awaitClose(5);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1008, close.code());
        assertEquals("API key revoked", close.reason());
        assertTrue(millis < 1000, "closed " + millis + " ms after the revocation");
        assertEquals(1008, backendSide.awaitClose(5).code());
        assertEquals(401, TesterClient.refused(gateway("/keyed/1?apikey=" + sub[2])).statusCode());
    }

    @Test
    void blockingASubscriptionClosesItsSocketsAndRefusesWith403UntilUnblocked() throws Exception {
        String[] sub = subscribedKey(dev, "BlockedApp", "Silver");
        TesterClient client = TesterClient.connect(gateway("/keyed/1?apikey=" + sub[2]));
        String path = "/applications/" + sub[0] + "/subscriptions/" + sub[1];
        String etag = dev.get(path).etag();
        assertEquals(403, dev.put(path, Map.of("status", "BLOCKED"), etag).status(),
                "the owner cannot block: publishers do");
        AdminClient.Answer blocked = publisher.put(path, Map.of("status", "BLOCKED"), admin.get(path).etag());
        assertEquals(404, blocked.status(), "a publisher who is not an admin does not see others' applications");
        blocked = admin.put(path, Map.of("status", "BLOCKED"), admin.get(path).etag());
        assertEquals(200, blocked.status(), blocked.toString());
        assertEquals("subscription blocked", client.awaitClose(5).reason());
        assertEquals(403, TesterClient.refused(gateway("/keyed/1?apikey=" + sub[2])).statusCode());
        assertEquals(200, admin.put(path, Map.of("status", "ACTIVE"), admin.get(path).etag()).status());
        TesterClient again = TesterClient.connect(gateway("/keyed/1?apikey=" + sub[2]));
        again.close(1000, "");
    }

    @Test
    void removingASubscriptionOrTheApplicationClosesItsSockets() throws Exception {
        String[] sub = subscribedKey(dev, "RemovedApp", "Gold");
        TesterClient first = TesterClient.connect(gateway("/keyed/1?apikey=" + sub[2]));
        String path = "/applications/" + sub[0] + "/subscriptions/" + sub[1];
        assertEquals(204, dev.delete(path, dev.get(path).etag()).status());
        assertEquals("subscription removed", first.awaitClose(5).reason());

        String[] other = subscribedKey(dev, "DeletedApp", "Gold");
        TesterClient second = TesterClient.connect(gateway("/keyed/1?apikey=" + other[2]));
        String appPath = "/applications/" + other[0];
        assertEquals(204, dev.delete(appPath, dev.get(appPath).etag()).status());
        assertEquals("application deleted", second.awaitClose(5).reason());
    }

    @Test
    void keepsEachDevelopersApplicationsToThemselves() throws Exception {
        String[] sub = subscribedKey(dev, "PrivateApp", null);
        assertEquals(404, dev2.get("/applications/" + sub[0]).status());
        assertTrue(dev2.get("/applications").json().path("items").findValuesAsText("name").stream()
                .noneMatch("PrivateApp"::equals));
        assertTrue(admin.get("/applications").json().path("items").findValuesAsText("name").contains("PrivateApp"));
        assertEquals(403, creator.post("/applications", Map.of("name", "NotADeveloper")).status());
    }

    @Test
    void refusesSubscribingWithAPlanTheApiDoesNotOfferOrToAnUnpublishedApi() throws Exception {
        AdminClient.Answer app = dev.post("/applications", Map.of("name", "Choosy"));
        String appId = app.json().path("id").asText();
        AdminClient.Answer bronze = dev.post("/applications/" + appId + "/subscriptions", Map.of("api", apiId,
                "plan", "Bronze"));
        assertEquals(400, bronze.status());
        assertEquals("plan", bronze.json().path("errors").get(0).path("field").asText());
        AdminClient.Answer draft = creator.post("/apis", apiBody("Draft", "/draftonly", "1", null, List.of()));
        AdminClient.Answer unpublished = dev.post("/applications/" + appId + "/subscriptions", Map.of("api",
                draft.json().path("id").asText(), "plan", "Gold"));
        assertEquals(400, unpublished.status(), unpublished.toString());
        assertTrue(unpublished.json().path("detail").asText().contains("CREATED"), unpublished.toString());
        assertEquals(404, dev.get("/apis/" + draft.json().path("id").asText()).status(),
                "developers do not see APIs that are not published");
    }

    @Test
    void showsAKeyOnceAndStoresOnlyItsHash() throws Exception {
        String[] sub = subscribedKey(dev, "HashedApp", null);
        AdminClient.Answer keys = dev.get("/applications/" + sub[0] + "/keys");
        assertTrue(keys.raw().body().contains(sub[2].substring(0, 9)), "the prefix is shown");
        assertFalse(keys.raw().body().contains(sub[2]), "the key is never shown again");
        String stored = Files.readString(base.resolve("conf/ws-gateway.xml"));
        assertFalse(stored.contains(sub[2]), "the store holds no key in clear");
        assertTrue(stored.contains("hash=\"sha256:"), stored);
    }

    @Test
    void tellsTheBackendWhoCallsInASignedJwtAndDropsWhatTheClientMayNotSay() throws Exception {
        ObjectNode body = apiBody("Identified", "/identified", "1", backend.url("/echo").toString(), List.of("Gold"));
        body.remove("policies");
        body.putObject("policies").putObject("backend-identity").put("identity", "jwt").put("set", "X-Env: test")
                .put("remove", "Cookie");
        AdminClient.Answer created = publisher.post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        String appId = dev.post("/applications", Map.of("name", "IdentifiedApp")).json().path("id").asText();
        assertEquals(201, dev.post("/applications/" + appId + "/subscriptions", Map.of("api",
                created.json().path("id").asText(), "plan", "Gold")).status());
        String key = dev.post("/applications/" + appId + "/keys", Map.of()).json().path("key").asText();

        TesterClient client = TesterClient.connectWithHeaders(gateway("/identified/1"), Map.of("apikey", key,
                "Cookie", "session=secret", "X-WS-Gateway-Plan", "Platinum", "X-JWT-Assertion", "forged"));
        TesterConnection backendSide = backend.nextConnection();
        Map<String, String> headers = backendSide.headers();
        assertEquals("test", headers.get("x-env"));
        assertNull(headers.get("cookie"));
        assertNull(headers.get("x-ws-gateway-plan"), "a client cannot pose as the gateway");
        assertNull(headers.get("apikey"));

        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(headers.get("x-jwt-assertion"));
        String keys = new AdminClient("http://127.0.0.1:" + port() + "/ws-admin/api/v1", null, null)
                .get("/backend-keys.json").raw().body();
        com.nimbusds.jose.jwk.RSAKey publicKey = com.nimbusds.jose.jwk.JWKSet.parse(keys)
                .getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
        assertTrue(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(publicKey)), "signed by the gateway");
        assertEquals(appId, jwt.getJWTClaimsSet().getStringClaim("application"));
        assertEquals("Gold", jwt.getJWTClaimsSet().getStringClaim("plan"));
        assertEquals("dev", jwt.getJWTClaimsSet().getSubject());
        assertTrue(jwt.getJWTClaimsSet().getExpirationTime().toInstant().isBefore(java.time.Instant.now()
                .plusSeconds(61)));
        client.close(1000, "");
    }

    private static String accessLog() {
        return AccessLogs.read(base.resolve("logs"));
    }
}
