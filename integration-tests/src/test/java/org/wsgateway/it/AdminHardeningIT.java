package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.config.GatewayConfigLoader;
import org.wsgateway.it.support.TesterConnection;
import org.wsgateway.policy.registry.PolicyRegistry;

/**
 * Attacks on the store and the roles, over real HTTP: text the catalog file cannot hold, {@code ${...}} variables,
 * secrets in exports and backups, hand edits overwritten, role tricks, a webapp's context, bodies too large. The file
 * is not reloaded on its own here ({@code reloadInterval="0"}), so a hand edit waits for the next save or restart.
 */
class AdminHardeningIT extends AdminTestBase {

    private static AdminClient dev;
    private static int unique;

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(api("Echo", "/echo", "1", backend.url("/echo"), "")), t -> {
            valve.setReloadInterval("0");
            try {
                TesterWebapp.deploy(t, "/shop", "shop");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        dev = client("dev");
    }

    private static String next(String prefix) {
        return prefix + (++unique);
    }

    private static Path file() {
        return base.resolve("conf/ws-gateway.xml");
    }

    /** What a Tomcat start does with the file: load it, or fail. */
    private static void restartGateway() throws Exception {
        valve.stop();
        valve.start();
        assertTrue(valve.getState().isAvailable(), "the gateway started again from " + file());
    }

    /** Connects to {@code path}, sends {@code text} and expects {@code answer} back. */
    private static void assertAnswers(String path, String text, String answer) throws Exception {
        TesterClient client = TesterClient.connect(gateway(path));
        client.send(text);
        assertEquals(answer, client.nextText());
        client.close(1000, "");
    }

    private static String published(ObjectNode body) throws Exception {
        AdminClient.Answer created = publisher.post("/apis?publish=true", body);
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asText();
    }

    @Test
    void refusesTextTheStoreCannotHoldEverywhereSoTheRestartedGatewayStillLoads() throws Exception {
        String bell = "\\u0007";
        AdminClient.Answer app = dev.post("/applications", "{\"name\": \"Bell\", \"description\": \"a" + bell + "\"}");
        assertEquals(400, app.status(), app.toString());
        assertEquals(List.of("description"), app.fields());
        assertEquals(List.of("clientId"), dev.post("/applications", "{\"name\": \"C\", \"clientId\": \"c\\uFFFF\"}")
                .fields());
        AdminClient.Answer good = dev.post("/applications", Map.of("name", next("Good")));
        assertEquals(201, good.status(), good.toString());
        AdminClient.Answer key = dev.post("/applications/" + good.json().path("id").asText() + "/keys",
                "{\"name\": \"k\\uD800\"}");
        assertEquals(400, key.status(), key.toString());
        assertEquals(List.of("name"), key.fields());

        String context = "/" + next("poison");
        AdminClient.Answer api = creator.post("/apis", "{\"name\": \"P\", \"context\": \"" + context
                + "\", \"version\": \"1\", \"description\": \"" + bell + "\"}");
        assertEquals(List.of("description"), api.fields(), api.toString());
        AdminClient.Answer policies = creator.post("/apis", "{\"name\": \"P\", \"context\": \"" + context
                + "\", \"version\": \"1\", \"policies\": {\"backend-identity\": {\"set\": \"X-A: a\\u0001\"}}}");
        assertEquals(List.of("policies.backend-identity.set"), policies.fields(), policies.toString());
        AdminClient.Answer imported = creator.post("/apis/import", "{\"asyncapi\": \"2.6.0\", \"info\": "
                + "{\"title\": \"Imp\", \"version\": \"1\", \"description\": \"" + bell + "\"}}");
        assertEquals(List.of("description"), imported.fields(), imported.toString());
        ObjectNode backup = (ObjectNode) admin.get("/backup").json();
        ((ObjectNode) backup.withArray("applications").get(0)).put("description", "restored\u0001");
        AdminClient.Answer restored = admin.put("/backup", backup, null);
        assertEquals(400, restored.status(), restored.toString());

        new GatewayConfigLoader(base, PolicyRegistry::parse).load(file(), "conf/ws-gateway.xml");
        restartGateway();
        assertAnswers("/echo/1", "still up", "still up");
    }

    @Test
    void refusesVariablesOverRestSayingTheyBelongToTheFile() throws Exception {
        String body = "{\"name\": \"V\", \"context\": \"/" + next("var") + "\", \"version\": \"1\", \"endpoint\": "
                + "{\"url\": \"ws://${env:HOME}/x\", \"tls\": {\"trustStorePassword\": \"${env:PATH}\"}}}";
        AdminClient.Answer answer = creator.post("/apis", body);
        assertEquals(400, answer.status(), answer.toString());
        assertEquals(Set.of("endpoint.url", "endpoint.tls.trustStorePassword"), Set.copyOf(answer.fields()));
        assertTrue(answer.raw().body().contains("catalog file only"), answer.toString());
        assertFalse(Files.readString(file()).contains("${env:"), "never stored");
    }

    @Test
    void keepsSecretsOutOfReadsExportsAndPlainBackups() throws Exception {
        Files.writeString(base.resolve("conf/trust.p12"), "a stand-in trust store, never opened for ws://");
        String context = "/" + next("secret");
        ObjectNode body = apiBody("Secret", context, "1", backend.url("/echo").toString(), List.of("Gold"));
        ((ObjectNode) body.get("endpoint")).putObject("tls").put("trustStore", "conf/trust.p12")
                .put("trustStorePassword", "tls-pa55word");
        ((ObjectNode) body.get("policies")).putObject("backend-identity").put("set", "X-Env: it")
                .put("secretSet", "X-Backend-Key: shared-s3cret");
        String id = published(body);

        for (AdminClient.Answer read : List.of(creator.get("/apis/" + id), creator.get("/apis/" + id + "/policies"),
                creator.get("/apis/" + id + "/endpoint"), creator.get("/apis/" + id + "/asyncapi"),
                admin.get("/backup"))) {
            assertEquals(200, read.status(), read.toString());
            assertFalse(read.raw().body().contains("shared-s3cret"), read.toString());
            assertFalse(read.raw().body().contains("tls-pa55word"), read.toString());
        }
        AdminClient.Answer full = admin.get("/backup?secrets=true");
        assertTrue(full.raw().body().contains("X-Backend-Key: shared-s3cret"), full.toString());
        assertTrue(full.raw().body().contains("tls-pa55word"), full.toString());

        // What a client reads back and sends again keeps the secrets it never saw.
        AdminClient.Answer read = publisher.get("/apis/" + id + "/policies");
        ((ObjectNode) read.json().get("backend-identity")).put("set", "X-Env: edited");
        assertEquals(200, publisher.put("/apis/" + id + "/policies", read.json(), read.etag()).status());
        AdminClient.Answer endpoint = publisher.get("/apis/" + id + "/endpoint");
        assertEquals(200, publisher.put("/apis/" + id + "/endpoint", endpoint.json(), endpoint.etag()).status());
        String stored = Files.readString(file());
        assertTrue(stored.contains("X-Backend-Key: shared-s3cret") && stored.contains("tls-pa55word"), stored);

        TesterClient client = TesterClient.connect(gateway(context + "/1"));
        TesterConnection backendSide = backend.nextConnection();
        assertEquals("shared-s3cret", backendSide.headers().get("x-backend-key"));
        assertEquals("edited", backendSide.headers().get("x-env"));
        client.close(1000, "");
    }

    @Test
    void refusesASaveOverAHandEditNotReloadedYetWith409AndReloadsIt() throws Exception {
        String context = "/" + next("hand");
        AdminClient.Answer created = creator.post("/apis", apiBody("Hand", context, "1", null, List.of()));
        String path = "/apis/" + created.json().path("id").asText();
        String xml = Files.readString(file());
        writeConfig(xml.replace("name=\"Hand\"", "name=\"HandEdited\""));

        ObjectNode edit = ((ObjectNode) created.json().deepCopy()).put("description", "over REST");
        AdminClient.Answer refused = creator.put(path, edit, created.etag());

        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.json().path("detail").asText().contains("changed outside"), refused.toString());
        AdminClient.Answer now = creator.get(path);
        assertEquals("HandEdited", now.json().path("name").asText(), "the hand edit is served now");
        AdminClient.Answer retried = creator.put(path, ((ObjectNode) now.json().deepCopy()).put("description", "over REST"),
                now.etag());
        assertEquals(200, retried.status(), retried.toString());
        assertTrue(Files.readString(file()).contains("HandEdited"));
    }

    @Test
    void keepsTheLastFiveVersionsOfTheFile() throws Exception {
        String plan = next("Versioned");
        String etag = null;
        for (int n = 1; n <= 7; n++) {
            AdminClient.Answer put = admin.put("/plans/" + plan, Map.of("name", plan, "description", plan + " v" + n),
                    etag);
            assertTrue(put.status() == 200 || put.status() == 201, put.toString());
            etag = put.etag();
        }
        assertTrue(Files.readString(file()).contains(plan + " v7"));
        for (int back = 1; back <= 5; back++) {
            String older = Files.readString(base.resolve("conf/ws-gateway.xml.bak." + back));
            assertTrue(older.contains(plan + " v" + (7 - back)), ".bak." + back + " is version " + (7 - back));
        }
        assertFalse(Files.exists(base.resolve("conf/ws-gateway.xml.bak.6")));
    }

    @Test
    void exportsNeitherEndpointNorPoliciesToSubscribers() throws Exception {
        String id = creator.get("/apis?context=/echo").json().at("/items/0/id").asText();
        AdminClient.Answer forDev = dev.get("/apis/" + id + "/asyncapi");
        assertEquals(200, forDev.status(), forDev.toString());
        assertFalse(forDev.json().path("x-ws-gateway").has("endpoint"), forDev.toString());
        assertFalse(forDev.json().path("x-ws-gateway").has("policies"), forDev.toString());
        assertFalse(forDev.raw().body().contains(":" + backend.port() + "/"), forDev.toString());
        assertTrue(creator.get("/apis/" + id + "/asyncapi").json().path("x-ws-gateway").has("endpoint"));
    }

    @Test
    void keepsABlockedSubscriptionBlockedAcrossDeleteAndSubscribeAgain() throws Exception {
        String context = "/" + next("blocked");
        ObjectNode body = apiBody("Blocked", context, "1", backend.url("/echo").toString(), List.of("Gold"));
        body.remove("policies");
        String api = published(body);
        String app = dev.post("/applications", Map.of("name", next("App"))).json().path("id").asText();
        String subscriptions = "/applications/" + app + "/subscriptions";
        AdminClient.Answer subscribed = dev.post(subscriptions, Map.of("api", api, "plan", "Gold"));
        String key = dev.post("/applications/" + app + "/keys", Map.of("name", "k")).json().path("key").asText();
        String sub = subscriptions + "/" + subscribed.json().path("id").asText();
        assertEquals(200, admin.put(sub, Map.of("status", "BLOCKED"), admin.get(sub).etag()).status());

        AdminClient.Answer deleted = dev.delete(sub, dev.get(sub).etag());
        assertEquals(204, deleted.status(), deleted.toString());
        AdminClient.Answer again = dev.post(subscriptions, Map.of("api", api, "plan", "Gold"));

        assertEquals(201, again.status(), again.toString());
        assertEquals("BLOCKED", again.json().path("status").asText(), "the block stays with the application");
        assertEquals(403, TesterClient.refused(gateway(context + "/1?apikey=" + key)).statusCode());
        assertTrue(Files.readString(file()).contains("blockedApis=\"" + api + "\""), "the block is stored");
        String sub2 = subscriptions + "/" + again.json().path("id").asText();
        assertEquals(403, dev.put(sub2, Map.of("status", "ACTIVE"), again.etag()).status());
        assertEquals(200, admin.put(sub2, Map.of("status", "ACTIVE"), again.etag()).status());
        TesterClient client = TesterClient.connect(gateway(context + "/1?apikey=" + key));
        client.close(1000, "");
    }

    @Test
    void movesALiveApisDefaultVersionOnlyForPublishers() throws Exception {
        String context = "/" + next("dv");
        ObjectNode live = apiBody("Dv", context, "1", backend.url("/echo").toString(), List.of("Gold"));
        live.put("defaultVersion", true);
        published(live);

        ObjectNode v2 = apiBody("Dv", context, "2", null, List.of());
        AdminClient.Answer byCreator = creator.post("/apis", v2.deepCopy().put("defaultVersion", true));
        assertEquals(403, byCreator.status(), byCreator.toString());
        assertTrue(byCreator.json().path("detail").asText().contains("ws-publisher"), byCreator.toString());
        AdminClient.Answer created = creator.post("/apis", v2);
        assertEquals(201, created.status(), created.toString());
        String path = "/apis/" + created.json().path("id").asText();
        ObjectNode moved = ((ObjectNode) created.json().deepCopy()).put("defaultVersion", true);
        assertEquals(403, creator.put(path, moved, created.etag()).status());
        assertEquals(200, publisher.put(path, moved, created.etag()).status());
    }

    @Test
    void refusesTheContextOfADeployedWebappWith409NamingIt() throws Exception {
        for (String[] taken : new String[][] {{"/ws-admin", "ws-admin"}, {"/ws-admin/api", "ws-admin"},
            {"/shop", "shop"}}) {
            AdminClient.Answer answer = publisher.post("/apis?publish=true", apiBody(next("Takeover"), taken[0], "v1",
                    backend.url("/echo").toString(), List.of("Gold")));
            assertEquals(409, answer.status(), answer.toString());
            assertEquals(List.of("context"), answer.fields());
            assertTrue(answer.json().path("detail").asText().contains("webapp '" + taken[1] + "'"), answer.toString());
        }
        assertEquals(200, admin.get("/me").status(), "the admin still answers");
    }

    @Test
    void passesAWebappsContextOnToTheWebappEvenWhenTheFileHasAnApiThere() throws Exception {
        String xml = Files.readString(file());
        writeConfig(xml.replace("</ws-gateway>", api("ShopByHand", "/shop", "1", backend.url("/echo"), "")
                + "\n</ws-gateway>"));
        restartGateway();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(httpUrl("/shop/1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("shop ok /shop/1", page.body());
        assertAnswers("/shop/ws", "x", "webapp:x");
    }

    @Test
    void refusesBodiesAbove1MiBWith413AndDeepImportsWith400() throws Exception {
        String padding = "x".repeat(2 * 1024 * 1024 - 40);
        String big = "{\"name\": \"Big\", \"description\": \"" + padding + "\"}";
        for (String path : List.of("/apis", "/apis/import")) {
            AdminClient.Answer answer = creator.post(path, big);
            assertEquals(413, answer.status(), path);
            assertEquals("application/problem+json;charset=UTF-8", answer.header("Content-Type"));
            assertEquals("urn:ws-gateway:problem:too-large", answer.json().path("type").asText());
        }
        AdminClient.Answer deep = creator.post("/apis/import", "{\"asyncapi\": \"2.6.0\", \"components\": "
                + "[".repeat(100) + "]".repeat(100) + "}");
        assertEquals(400, deep.status(), deep.toString());
        JsonNode problem = deep.json();
        assertTrue(problem.path("detail").asText().contains("64"), problem.toString());
    }
}
