package org.wsgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsgateway.it.support.TesterConnection;

/**
 * The restrict and limit policies through real sockets: the exact status of a refused handshake, the exact close
 * codes of a refused message, and policies changed over the REST API applying to the next handshake.
 */
class PolicyIT extends AdminTestBase {

    private static final String ORDER_SCHEMA = "{\"type\": \"object\", \"required\": [\"id\"], "
            + "\"properties\": {\"id\": {\"type\": \"integer\"}}}";
    private static final String REPLY_SCHEMA = "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", "
            + "\"type\": \"object\", \"required\": [\"ok\"]}";

    @BeforeAll
    static void start() throws Exception {
        startWithAdmin(config(
                api("Open", "/open", "1", backend.url("/echo"), "")
                + policyApi("Partners", "/partners", "<origin allow=\"https://app.example.com, https://*.partner.example\"/>")
                + policyApi("Internal", "/internal", "<ip-filter allow=\"10.0.0.0/8\"/>")
                + policyApi("Denied", "/denied", "<ip-filter deny=\"127.0.0.0/8, ::1\"/>")
                + policyApi("Small", "/small", "<size-limit inbound=\"1KiB\"/>")
                + policyApi("Narrow", "/narrow", "<size-limit outbound=\"100\"/>")
                + policyApi("Framed", "/framed", "<size-limit frame=\"1KiB\"/>")
                + policyApi("Orders", "/orders", "<json-schema inbound=\"conf/schemas/order.json\" maxSize=\"1KiB\"/>")
                + policyApi("Replies", "/replies", "<json-schema outbound=\"conf/schemas/reply.json\"/>")
                + policyApi("Capped", "/capped", "<connection-limit perIp=\"2\"/>")
                + policyApi("Paced", "/paced", "<handshake-rate perIp=\"3/1h\"/>")), t -> {
                    try {
                        java.nio.file.Path schemas = base.resolve("conf/schemas");
                        java.nio.file.Files.createDirectories(schemas);
                        java.nio.file.Files.writeString(schemas.resolve("order.json"), ORDER_SCHEMA);
                        java.nio.file.Files.writeString(schemas.resolve("reply.json"), REPLY_SCHEMA);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static String policyApi(String name, String context, String policies) {
        return "<api name=\"" + name + "\" context=\"" + context + "\" version=\"1\"><endpoint url=\""
                + backend.url("/echo") + "\"/><policies><open/>" + policies + "</policies></api>";
    }

    private static WebSocket.Builder withOrigin(String origin) {
        return HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", origin);
    }

    private static int refusedWithOrigin(String path, String origin) throws Exception {
        try {
            withOrigin(origin).buildAsync(gateway(path), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS)
                    .abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void refusesACrossSitePageWith403ByDefault() throws Exception {
        assertEquals(403, refusedWithOrigin("/open/1", "https://evil.example"));
    }

    @Test
    void letsTheGatewaysOwnOriginAndNonBrowsersInByDefault() throws Exception {
        assertEquals(101, refusedWithOrigin("/open/1", "http://127.0.0.1:" + port()));
        TesterClient client = TesterClient.connect(gateway("/open/1"));
        client.send("no origin");
        assertEquals("no origin", client.nextText());
        client.close(1000, "");
    }

    @Test
    void letsOnlyAllowedOriginsIn() throws Exception {
        assertEquals(101, refusedWithOrigin("/partners/1", "https://app.example.com"));
        assertEquals(101, refusedWithOrigin("/partners/1", "https://eu.partner.example"));
        assertEquals(403, refusedWithOrigin("/partners/1", "https://app.example.com.evil.example"));
        assertEquals(101, refusedWithOrigin("/partners/1", "http://127.0.0.1:" + port()),
                "the gateway's own origin stays allowed");
    }

    @Test
    void refusesAnAddressOutsideTheAllowListWith403() throws Exception {
        RawHttp.Response response = RawHttp.send(port(), "GET", "/internal/1", RawHttp.upgrade());
        assertEquals(403, response.status());
        assertTrue(response.body().contains("address"), response.body());
    }

    @Test
    void refusesADeniedAddressWith403() throws Exception {
        assertEquals(403, TesterClient.refused(gateway("/denied/1")).statusCode());
    }

    @Test
    void closesTheClientWith1009AndTheBackendWith1001WhenTheClientSendsTooMuch() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/small/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("x".repeat(1024));
        assertEquals("x".repeat(1024), client.nextText(), "1 KiB is within the limit");
        client.send("y".repeat(1025));
        TesterClient.Close close = client.awaitClose(5);
        assertEquals(1009, close.code());
        assertTrue(close.reason().contains("1024"), close.reason());
        assertEquals(1001, backendSide.awaitClose(5).code());
    }

    @Test
    void closesTheBackendWith1009AndTheClientWith1001WhenTheBackendSendsTooMuch() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/narrow/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("z".repeat(100));
        assertEquals("z".repeat(100), client.nextText(), "100 bytes each way are within the limits");
        client.send("w".repeat(101)); // no inbound limit; its echo is over the outbound one
        assertEquals(1001, client.awaitClose(5).code());
        assertEquals(1009, backendSide.awaitClose(5).code());
    }

    @Test
    void closesTheClientWith1009AndTheBackendWith1001WhenAFrameIsTooLarge() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/framed/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("f".repeat(1024));
        assertEquals("f".repeat(1024), client.nextText(), "a frame of 1 KiB is within the limit");
        client.send("g".repeat(1025));
        TesterClient.Close close = client.awaitClose(5);
        assertEquals(1009, close.code());
        assertEquals("frame larger than 1024 bytes", close.reason());
        assertEquals(1001, backendSide.awaitClose(5).code());
    }

    @Test
    void relaysValidJsonAndClosesWith1007OnAMessageTheSchemaRefuses() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/orders/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("{\"id\": 7}");
        assertEquals("{\"id\": 7}", client.nextText());
        client.sendBinary(new byte[] {1, 2, 3});
        assertEquals(3, ((byte[]) client.next()).length, "binary messages are not checked");
        client.send("{\"id\": \"seven\"}");
        TesterClient.Close close = client.awaitClose(5);
        assertEquals(1007, close.code());
        assertTrue(close.reason().startsWith("schema: ") && close.reason().contains("id"), close.reason());
        assertEquals(1001, backendSide.awaitClose(5).code());
        assertEquals(2, backendSide.messagesReceived(), "the refused message never reached the backend");
    }

    @Test
    void closesWith1007OnTextThatIsNotJsonAnd1009AboveTheHeldSize() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/orders/1"));
        client.send("hello");
        assertEquals(new TesterClient.Close(1007, "client sent a message that is not JSON"), client.awaitClose(5));
        TesterClient big = TesterClient.connect(gateway("/orders/1"));
        big.send("{\"id\": 1, \"pad\": \"" + "x".repeat(1100) + "\"}");
        assertEquals(1009, big.awaitClose(5).code());
    }

    @Test
    void validatesWhatTheBackendSendsTooAndBlamesTheBackend() throws Exception {
        TesterClient client = TesterClient.connect(gateway("/replies/1"));
        TesterConnection backendSide = backend.nextConnection();
        client.send("{\"ok\": true}");
        assertEquals("{\"ok\": true}", client.nextText());
        client.send("{\"id\": 1}"); // echoed by the backend, and not a reply the schema allows
        assertEquals(1001, client.awaitClose(5).code());
        assertEquals(1007, backendSide.awaitClose(5).code());
    }

    @Test
    void refusesASchemaFileThatIsMissingOrNotASchemaOverTheRestApi() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("Schemaless", "/schemaless", "1", null,
                List.of()));
        ObjectNode policies = AdminClient.JSON.createObjectNode();
        policies.putObject("json-schema").put("inbound", "conf/schemas/missing.json");
        AdminClient.Answer refused = creator.put("/apis/" + created.json().path("id").asText() + "/policies",
                policies, created.etag());
        assertEquals(400, refused.status());
        assertEquals("json-schema.inbound", refused.json().path("errors").get(0).path("field").asText());
        assertTrue(refused.json().path("errors").get(0).path("message").asText().contains("cannot read"),
                refused.toString());
    }

    @Test
    void refusesAThirdConnectionFromOneAddressWith429AndLetsItInWhenOneEnds() throws Exception {
        TesterClient first = TesterClient.connect(gateway("/capped/1"));
        TesterClient second = TesterClient.connect(gateway("/capped/1"));
        assertEquals(429, TesterClient.refused(gateway("/capped/1")).statusCode());
        first.close(1000, "");
        first.awaitClose(5);
        await("the closed connection to be released", 5, () -> valve.getTracker().size() == 1);
        TesterClient third = TesterClient.connect(gateway("/capped/1"));
        third.send("in");
        assertEquals("in", third.nextText());
        second.close(1000, "");
        third.close(1000, "");
    }

    @Test
    void refusesHandshakesAboveTheRateWith429AndRetryAfter() throws Exception {
        for (int i = 0; i < 3; i++) {
            TesterClient client = TesterClient.connect(gateway("/paced/1"));
            client.close(1000, "");
            client.awaitClose(5);
        }
        HttpResponse<?> refused = TesterClient.refused(gateway("/paced/1"));
        assertEquals(429, refused.statusCode());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 1200, "one handshake every 20 minutes: " + retryAfter);
    }

    @Test
    void appliesPoliciesChangedOverTheRestApiToTheNextHandshake() throws Exception {
        AdminClient.Answer created = publisher.post("/apis?publish=true", apiBody("Governed", "/governed", "1",
                backend.url("/echo").toString(), List.of("Gold")));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().path("id").asText();
        TesterClient before = TesterClient.connect(gateway("/governed/1"));

        ObjectNode policies = AdminClient.JSON.createObjectNode();
        policies.putObject("open");
        policies.putObject("ip-filter").putArray("deny").add("127.0.0.0/8").add("::1");
        AdminClient.Answer changed = publisher.put("/apis/" + id + "/policies", policies, created.etag());
        assertEquals(200, changed.status(), changed.toString());
        assertEquals("127.0.0.0/8,0:0:0:0:0:0:0:1/128", changed.json().path("ip-filter").path("deny").asText());

        assertEquals(403, TesterClient.refused(gateway("/governed/1")).statusCode());
        before.send("live connections keep the policies they were opened with");
        assertEquals("live connections keep the policies they were opened with", before.nextText());
        before.close(1000, "");
        String stored = java.nio.file.Files.readString(base.resolve("conf/ws-gateway.xml"));
        assertTrue(stored.contains("<ip-filter allow=\"\" deny=\"127.0.0.0/8,0:0:0:0:0:0:0:1/128\"/>"), stored);
    }

    @Test
    void answersBadPolicySettingsWith400NamingEachField() throws Exception {
        AdminClient.Answer created = creator.post("/apis", apiBody("BadPolicies", "/badpolicies", "1", null,
                List.of()));
        String id = created.json().path("id").asText();
        ObjectNode policies = AdminClient.JSON.createObjectNode();
        policies.putObject("ip-filter").put("allow", "10.0.0.0/33");
        policies.putObject("size-limit").put("inbound", "lots");
        policies.putObject("rate-limitt");
        AdminClient.Answer refused = creator.put("/apis/" + id + "/policies", policies, created.etag());
        assertEquals(400, refused.status(), refused.toString());
        List<String> fields = new ArrayList<>();
        for (JsonNode error : refused.json().path("errors")) {
            fields.add(error.path("field").asText());
        }
        assertEquals(List.of("ip-filter.allow", "size-limit.inbound", "rate-limitt"), fields);
    }

    @Test
    void refusesAnInvalidPolicyInTheFileAndKeepsTheLastGoodOne() throws Exception {
        String good = java.nio.file.Files.readString(base.resolve("conf/ws-gateway.xml"));
        writeConfig(good.replace("perIp=\"2\"", "perIp=\"two\""));
        await("the reload to be refused", 10, () -> valve.getReloadProblem() != null);
        assertTrue(valve.getReloadProblem().contains("policies.connection-limit[@perIp]"), valve.getReloadProblem());
        writeConfig(good);
        await("the good file to be taken back", 10, () -> valve.getReloadProblem() == null);
        URI capped = gateway("/capped/1");
        TesterClient client = TesterClient.connect(capped);
        client.close(1000, "");
    }
}
