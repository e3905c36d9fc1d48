package org.wsgateway.it;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin REST API: every resource, its statuses, roles, problems, ETags, CSRF, import/export, audit. */
class AdminRestIT extends AdminTestBase {

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(api("EchoWebSocket", "/echowebsocket", "1.0", backend.url("/echo"), "")));
    }

    private static int unique;

    private static String next(String prefix) {
        return prefix + (++unique);
    }

    @Test
    void listsTheApisOfTheFileWithTheirLifecycleAndClientUrl() throws Exception {
        AdminClient.Answer list = creator.get("/apis?q=echo");
        assertEquals(200, list.status(), list.toString());
        JsonNode echo = list.json().path("items").get(0);
        assertEquals("EchoWebSocket", echo.path("name").asText());
        assertEquals("PUBLISHED", echo.path("lifecycle").asText());
        assertEquals("ws://127.0.0.1:" + port() + "/echowebsocket/1.0", echo.path("url").asText());
        assertEquals(List.of("deprecate", "block"), List.of(echo.path("actions").get(0).asText(),
                echo.path("actions").get(1).asText()));
    }

    @Test
    void createsAnApiThatClientsCannotReachUntilPublished() throws Exception {
        String context = "/" + next("draft");
        AdminClient.Answer created = creator.post("/apis", apiBody("Draft", context, "1", null, List.of()));
        assertEquals(201, created.status(), created.toString());
        assertEquals("CREATED", created.json().path("lifecycle").asText());
        assertNotNull(created.etag());
        assertEquals("/ws-admin/api/v1/apis/" + created.json().path("id").asText(), created.header("Location"));
        assertEquals(404, TesterClient.refused(gateway(context + "/1")).statusCode());
        assertEquals(created.json(), creator.get("/apis/" + created.json().path("id").asText()).json());
    }

    @Test
    void createAndPublishNeedsThePublisherRoleAnEndpointAndAPlan() throws Exception {
        String context = "/" + next("direct");
        ObjectNode complete = apiBody("Direct", context, "1", backend.url("/echo").toString(), List.of("Gold"));
        AdminClient.Answer byCreator = creator.post("/apis?publish=true", complete);
        assertEquals(403, byCreator.status(), byCreator.toString());
        assertTrue(byCreator.json().path("detail").asText().contains("ws-publisher"), byCreator.toString());

        AdminClient.Answer incomplete = publisher.post("/apis?publish=true",
                apiBody("Direct", context, "1", null, List.of()));
        assertEquals(400, incomplete.status(), incomplete.toString());
        assertEquals(List.of("endpoint", "plans"), incomplete.fields());

        AdminClient.Answer published = publisher.post("/apis?publish=true", complete);
        assertEquals(201, published.status(), published.toString());
        assertEquals("PUBLISHED", published.json().path("lifecycle").asText());
        TesterClient client = TesterClient.connect(gateway(context + "/1"));
        client.send("published");
        assertEquals("published", client.nextText());
        client.close(1000, "");
    }

    @Test
    void namesEveryInvalidFieldInAProblem() throws Exception {
        ObjectNode body = apiBody("", "no-slash", "1 0", "http://example/", List.of("NoSuchPlan"));
        body.put("colour", "blue");
        ((ObjectNode) body.get("endpoint")).put("connectTimeout", "soon");
        AdminClient.Answer answer = creator.post("/apis", body);
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/problem+json;charset=UTF-8", answer.header("Content-Type"));
        assertEquals("urn:ws-gateway:problem:validation", answer.json().path("type").asText());
        assertEquals(List.of("colour", "name", "context", "version", "endpoint.url", "endpoint.connectTimeout"),
                answer.fields());

        AdminClient.Answer unknownPlan = creator.post("/apis", apiBody("P", "/" + next("p"), "1", null,
                List.of("NoSuchPlan")));
        assertEquals(400, unknownPlan.status());
        assertEquals(List.of("plans"), unknownPlan.fields());
        assertEquals(400, creator.post("/apis", "{not json").status());
    }

    @Test
    void refusesAContextAndVersionOrANameAndVersionThatAreTaken() throws Exception {
        AdminClient.Answer samePath = creator.post("/apis", apiBody("Other", "/echowebsocket", "1.0", null,
                List.of()));
        assertEquals(409, samePath.status(), samePath.toString());
        assertEquals(List.of("version"), samePath.fields());
        AdminClient.Answer sameName = creator.post("/apis", apiBody("EchoWebSocket", "/" + next("e"), "1.0", null,
                List.of()));
        assertEquals(409, sameName.status(), sameName.toString());
        assertEquals(List.of("name"), sameName.fields());
    }

    @Test
    void requiresTheCurrentEtagToChangeAnApi() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("Etag", "/" + next("etag"), "1", null,
                List.of()));
        String path = "/apis/" + created.json().path("id").asText();
        ObjectNode edit = created.json().deepCopy();
        edit.put("description", "first edit");

        assertEquals(428, creator.put(path, edit, null).status());
        AdminClient.Answer first = creator.put(path, edit, created.etag());
        assertEquals(200, first.status(), first.toString());
        assertNotEquals(created.etag(), first.etag());
        edit.put("description", "lost update");
        AdminClient.Answer stale = creator.put(path, edit, created.etag());
        assertEquals(412, stale.status(), stale.toString());
        assertEquals("first edit", creator.get(path).json().path("description").asText());
    }

    @Test
    void movesAnApiThroughItsLifecycleAndRefusesIllegalSteps() throws Exception {
        AdminClient.Answer created = publisher.post("/apis?publish=true", apiBody("Life", "/" + next("life"), "1",
                backend.url("/echo").toString(), List.of("Bronze")));
        String path = "/apis/" + created.json().path("id").asText() + "/lifecycle";
        assertEquals(403, creator.postWith(path, action("deprecate"), created.etag()).status());
        AdminClient.Answer illegal = publisher.postWith(path, action("retire"), created.etag());
        assertEquals(409, illegal.status(), illegal.toString());
        assertTrue(illegal.json().path("detail").asText().contains("[deprecate, block]"), illegal.toString());

        AdminClient.Answer deprecated = publisher.postWith(path, action("deprecate"), created.etag());
        assertEquals("DEPRECATED", deprecated.json().path("lifecycle").asText());
        AdminClient.Answer blocked = publisher.postWith(path, action("block"), deprecated.etag());
        assertEquals("BLOCKED", blocked.json().path("lifecycle").asText());
        AdminClient.Answer unblocked = publisher.postWith(path, action("unblock"), blocked.etag());
        assertEquals("DEPRECATED", unblocked.json().path("lifecycle").asText(), "unblock returns to where it was");
        AdminClient.Answer retired = publisher.postWith(path, action("retire"), unblocked.etag());
        assertEquals("RETIRED", retired.json().path("lifecycle").asText());
        assertEquals(0, retired.json().path("actions").size());
    }

    @Test
    void deletesOnlyApisNoClientCanReach() throws Exception {
        AdminClient.Answer live = publisher.post("/apis?publish=true", apiBody("Del", "/" + next("del"), "1",
                backend.url("/echo").toString(), List.of("Bronze")));
        String path = "/apis/" + live.json().path("id").asText();
        assertEquals(409, publisher.delete(path, live.etag()).status());
        AdminClient.Answer draft = creator.post("/apis", apiBody("Gone", "/" + next("gone"), "1", null, List.of()));
        String draftPath = "/apis/" + draft.json().path("id").asText();
        assertEquals(204, creator.delete(draftPath, draft.etag()).status());
        assertEquals(404, creator.get(draftPath).status());
    }

    @Test
    void readsAndChangesAnEndpoint() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("Ep", "/" + next("ep"), "1",
                backend.url("/echo").toString(), List.of()));
        String path = "/apis/" + created.json().path("id").asText() + "/endpoint";
        AdminClient.Answer endpoint = creator.get(path);
        assertEquals("5s", endpoint.json().path("connectTimeout").asText());
        ObjectNode change = endpoint.json().deepCopy();
        change.put("url", backend.url("/control").toString()).put("idleTimeout", "2m");
        AdminClient.Answer changed = creator.put(path, change, endpoint.etag());
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("2m", changed.json().path("idleTimeout").asText());
        assertEquals(backend.url("/control").toString(), changed.json().path("url").asText());
    }

    @Test
    void letsOnlyAdminsDefineBusinessPlans() throws Exception {
        AdminClient.Answer plans = creator.get("/plans");
        List<String> names = AdminClient.JSON.convertValue(plans.json().path("items").findValuesAsText("name"),
                List.class);
        assertTrue(names.containsAll(List.of("Unlimited", "Gold", "Silver", "Bronze")), names.toString());
        Map<String, Object> platinum = Map.of("name", "Platinum", "messagesPerMinute", 10000, "action", "close");
        assertEquals(403, publisher.post("/plans", platinum).status());
        AdminClient.Answer created = admin.post("/plans", platinum);
        assertEquals(201, created.status(), created.toString());
        assertEquals(409, admin.post("/plans", platinum).status());
        AdminClient.Answer bad = admin.post("/plans", Map.of("name", "Bad", "action", "explode"));
        assertEquals(List.of("action"), bad.fields());

        AdminClient.Answer user = publisher.post("/apis?publish=true", apiBody("Plat", "/" + next("plat"), "1",
                backend.url("/echo").toString(), List.of("Platinum")));
        assertEquals(201, user.status(), user.toString());
        AdminClient.Answer inUse = admin.delete("/plans/Platinum", created.etag());
        assertEquals(409, inUse.status(), inUse.toString());
    }

    @Test
    void listsGatewaysWithWhetherTheyRun() throws Exception {
        AdminClient.Answer gateways = creator.get("/gateways");
        JsonNode first = gateways.json().path("items").get(0);
        assertEquals("default", first.path("name").asText());
        assertTrue(first.path("running").asBoolean());
        assertEquals(403, publisher.post("/gateways", Map.of("name", "edge")).status());
        AdminClient.Answer edge = admin.post("/gateways", Map.of("name", "edge", "description", "DMZ"));
        assertEquals(201, edge.status(), edge.toString());
        assertTrue(!edge.json().path("running").asBoolean());
        AdminClient.Answer deployed = creator.post("/apis", apiBody("OnEdge", "/" + next("edge"), "1", null,
                List.of()).set("gateways", AdminClient.JSON.createArrayNode().add("edge")));
        assertEquals(201, deployed.status(), deployed.toString());
        assertEquals(409, admin.delete("/gateways/edge", edge.etag()).status());
    }

    @Test
    void exportsAnApiAsAsyncApiAndImportsItBack() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("Round", "/" + next("round"), "2.1",
                backend.url("/echo").toString(), List.of("Gold")));
        String id = created.json().path("id").asText();
        AdminClient.Answer doc = creator.get("/apis/" + id + "/asyncapi");
        assertEquals("2.6.0", doc.json().path("asyncapi").asText());
        assertEquals("Round", doc.json().path("info").path("title").asText());
        assertTrue(doc.json().path("servers").path("gateway").path("url").asText().endsWith("/2.1"));

        assertEquals(204, creator.delete("/apis/" + id, created.etag()).status());
        AdminClient.Answer imported = creator.post("/apis/import", doc.json());
        assertEquals(201, imported.status(), imported.toString());
        ObjectNode before = created.json().deepCopy();
        ObjectNode after = imported.json().deepCopy();
        before.remove("id");
        after.remove("id");
        assertEquals(before, after);
    }

    @Test
    void importsAForeignAsyncApiDocumentAsAnApiForItsServer() throws Exception {
        String doc = """
                {"asyncapi": "3.0.0", "info": {"title": "Stock Ticks", "version": "7"},
                 "servers": {"prod": {"host": "127.0.0.1:%d", "pathname": "/echo", "protocol": "ws"}}}
                """.formatted(backend.port());
        AdminClient.Answer imported = creator.post("/apis/import", doc);
        assertEquals(201, imported.status(), imported.toString());
        assertEquals("/stock-ticks", imported.json().path("context").asText());
        assertEquals(backend.url("/echo").toString(), imported.json().path("endpoint").path("url").asText());
        assertEquals(400, creator.post("/apis/import", "{\"openapi\": \"3.0.0\"}").status());
    }

    @Test
    void backsUpAndRestoresTheWholeCatalog() throws Exception {
        assertEquals(403, publisher.get("/backup").status());
        AdminClient.Answer backup = admin.get("/backup");
        assertEquals(200, backup.status());
        AdminClient.Answer restored = admin.put("/backup", backup.json(), null);
        assertEquals(200, restored.status(), restored.toString());
        assertEquals(backup.json(), admin.get("/backup").json());
        AdminClient.Answer wrong = admin.put("/backup", Map.of("format", "something"), null);
        assertEquals(400, wrong.status());
    }

    @Test
    void recordsWhoChangedWhatInTheAuditLog() throws Exception {
        creator.post("/apis", apiBody("Audited", "/" + next("audit"), "1", null, List.of()));
        assertEquals(403, publisher.get("/audit").status());
        JsonNode latest = admin.get("/audit").json().path("items").get(0);
        assertEquals("creator", latest.path("user").asText());
        assertEquals("create", latest.path("action").asText());
        assertTrue(latest.path("target").asText().contains("Audited"), latest.toString());
        assertTrue(java.nio.file.Files.readString(base.resolve("logs/ws-gateway-audit.log")).contains("Audited"));
    }

    @Test
    void refusesCrossSiteAndNonJsonChanges() throws Exception {
        HttpRequest.Builder crossSite = creator.request("/apis").header("Content-Type", "application/json")
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString(
                        AdminClient.JSON.writeValueAsString(apiBody("X", "/" + next("x"), "1", null, List.of()))));
        AdminClient.Answer refused = creator.send(crossSite);
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.json().path("detail").asText().contains("another origin"));
        HttpRequest.Builder sameSite = creator.request("/apis").header("Content-Type", "application/json")
                .header("Origin", "http://127.0.0.1:" + port()).POST(HttpRequest.BodyPublishers.ofString(
                        AdminClient.JSON.writeValueAsString(apiBody("Y", "/" + next("y"), "1", null, List.of()))));
        assertEquals(201, creator.send(sameSite).status());
        HttpRequest.Builder form = creator.request("/apis").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        assertEquals(415, creator.send(form).status());
    }

    @Test
    void asksForCredentialsAndARole() throws Exception {
        assertEquals(401, new AdminClient("http://127.0.0.1:" + port() + "/ws-admin/api/v1", null, null)
                .get("/apis").status());
        assertEquals(403, client("nobody").get("/apis").status());
        AdminClient.Answer me = publisher.get("/me");
        assertEquals("publisher", me.json().path("user").asText());
        assertTrue(me.json().path("canPublish").asBoolean());
        assertTrue(!me.json().path("canAdminister").asBoolean());
    }

    @Test
    void listsThisNodeWithItsLiveConnections() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/echowebsocket/1.0"));
        try {
            client.send("counted");
            assertEquals("counted", client.nextText());
            AdminClient.Answer nodes = creator.get("/nodes");
            assertEquals(200, nodes.status(), nodes.toString());
            JsonNode self = null;
            for (JsonNode n : nodes.json().path("nodes")) {
                if (n.path("self").asBoolean()) {
                    self = n;
                }
            }
            assertNotNull(self, nodes.toString());
            assertEquals(org.wsgateway.catalog.Gateways.nodeName(), self.path("name").asText());
            assertEquals("up", self.path("state").asText());
            assertTrue(self.path("connections").asInt() >= 1, nodes.toString());
            assertTrue(java.time.Instant.parse(self.path("lastSeen").asText()).isAfter(
                    java.time.Instant.now().minusSeconds(60)), nodes.toString());
            assertTrue(nodes.json().path("total").path("up").asInt() >= 1, nodes.toString());
            assertTrue(nodes.json().path("total").path("connections").asInt() >= 1, nodes.toString());
            assertEquals(405, admin.delete("/nodes", "*").status());
        } finally {
            client.close(1000, "");
        }
    }

    @Test
    void servesItsOpenApiDescriptionWithoutSignIn() throws Exception {
        AdminClient.Answer openapi = new AdminClient("http://127.0.0.1:" + port() + "/ws-admin/api/v1", null, null)
                .get("/openapi.json");
        assertEquals(200, openapi.status());
        assertEquals("3.0.3", openapi.json().path("openapi").asText());
        for (String path : List.of("/apis", "/apis/{id}", "/apis/{id}/endpoint", "/apis/{id}/lifecycle",
                "/apis/{id}/asyncapi", "/apis/import", "/plans", "/plans/{name}", "/gateways", "/gateways/{name}",
                "/backup", "/audit", "/me", "/apis/{id}/policies", "/applications", "/applications/{id}",
                "/applications/{id}/subscriptions", "/applications/{id}/subscriptions/{sid}",
                "/applications/{id}/keys", "/applications/{id}/keys/{kid}", "/backend-keys.json",
                "/apis/{id}/metrics", "/nodes")) {
            assertTrue(openapi.json().path("paths").has(path), path);
        }
        assertEquals(405, creator.delete("/apis", "*").status());
        assertEquals(404, creator.get("/nothing").status());
    }
}
