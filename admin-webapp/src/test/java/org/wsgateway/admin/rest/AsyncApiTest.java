package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.policy.registry.PolicyRegistry;

class AsyncApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Renders only the URL, standing in for the REST API's endpoint view. */
    private static final AsyncApi.EndpointView URL_ONLY = a -> MAPPER.createObjectNode()
            .put("url", a.endpoint().url().toString());

    private static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static Api api(Map<String, Map<String, String>> policies) throws Exception {
        return new Api("chat-1", "Chat", "/chat", "1.0", "Chat rooms",
                EndpointSettings.of(URI.create("ws://chat.internal:9000/ws")), Lifecycle.PUBLISHED, null,
                List.of("Gold"), List.of("edge"), true, PolicyRegistry.parse(policies));
    }

    @Test
    void exportsAnAsyncApi26DocumentNamingTheApi() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of()), "ws://gw.example:8080", URL_ONLY);
        assertEquals("2.6.0", doc.get("asyncapi").asText());
        assertEquals("urn:ws-gateway:api:chat-1", doc.get("id").asText());
        assertEquals("Chat", doc.at("/info/title").asText());
        assertEquals("1.0", doc.at("/info/version").asText());
        assertEquals("Chat rooms", doc.at("/info/description").asText());
    }

    @Test
    void exportsTheGatewayAddressAsTheServer() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of()), "ws://gw.example:8080", URL_ONLY);
        assertEquals("ws://gw.example:8080/chat/1.0", doc.at("/servers/gateway/url").asText());
        assertEquals("ws", doc.at("/servers/gateway/protocol").asText());
        ObjectNode secure = AsyncApi.of(api(Map.of()), "wss://gw.example", URL_ONLY);
        assertEquals("wss", secure.at("/servers/gateway/protocol").asText());
    }

    @Test
    void exportsOneChannelWithBothDirections() throws Exception {
        JsonNode channel = AsyncApi.of(api(Map.of()), "ws://gw", URL_ONLY).at("/channels/~1");
        assertEquals("send", channel.at("/publish/operationId").asText(), "publish: what the client sends");
        assertEquals("receive", channel.at("/subscribe/operationId").asText());
        assertEquals("string", channel.at("/publish/message/payload/type").asText());
        assertEquals("receive", channel.at("/subscribe/message/name").asText());
    }

    @Test
    void exportsTheGatewaysOwnSettingsUnderTheExtension() throws Exception {
        JsonNode ext = AsyncApi.of(api(Map.of("ip-filter", Map.of("allow", "10.0.0.0/8"))), "ws://gw", URL_ONLY)
                .get("x-ws-gateway");
        assertEquals("/chat", ext.get("context").asText());
        assertEquals("1.0", ext.get("version").asText());
        assertEquals("ws://chat.internal:9000/ws", ext.at("/endpoint/url").asText());
        assertEquals("[\"Gold\"]", ext.get("plans").toString());
        assertEquals("[\"edge\"]", ext.get("gateways").toString());
        assertTrue(ext.get("defaultVersion").asBoolean());
        assertEquals("10.0.0.0/8", ext.at("/policies/ip-filter/allow").asText());
    }

    @Test
    void exportsNoEndpointForAnApiWithoutOne() {
        Api api = new Api(null, "New", "/new", "1", "", null, Lifecycle.CREATED, null, List.of(), List.of(), false);
        ObjectNode doc = AsyncApi.of(api, "ws://gw", a -> fail("no endpoint to render"));
        assertFalse(doc.get("x-ws-gateway").has("endpoint"));
    }

    @Test
    void exportsApiKeysInHeaderAndQueryByDefault() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of()), "ws://gw", URL_ONLY);
        JsonNode schemes = doc.at("/components/securitySchemes");
        assertEquals("httpApiKey", schemes.at("/apiKeyHeader/type").asText());
        assertEquals("apikey", schemes.at("/apiKeyHeader/name").asText());
        assertEquals("header", schemes.at("/apiKeyHeader/in").asText());
        assertEquals("query", schemes.at("/apiKeyQuery/in").asText());
        assertEquals("[{\"apiKeyHeader\":[]},{\"apiKeyQuery\":[]}]", doc.at("/servers/gateway/security").toString());
    }

    @Test
    void exportsTheKeyHeaderAnApiChoseAndNoQueryWhenKeysAreHeaderOnly() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of("key-auth", Map.of("header", "X-Key", "query", ""))), "ws://gw",
                URL_ONLY);
        assertEquals("X-Key", doc.at("/components/securitySchemes/apiKeyHeader/name").asText());
        assertTrue(doc.at("/components/securitySchemes/apiKeyQuery").isMissingNode());
        assertEquals("[{\"apiKeyHeader\":[]}]", doc.at("/servers/gateway/security").toString());
    }

    @Test
    void exportsNoSecurityForAnOpenApi() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of("open", Map.of())), "ws://gw", URL_ONLY);
        assertFalse(doc.has("components"));
        assertFalse(doc.at("/servers/gateway").has("security"));
    }

    @Test
    void exportsNoApiKeySecurityForAJwtOnlyApi() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of("jwt", Map.of("issuer", "https://idp.example",
                "jwksUrl", "https://idp.example/jwks", "audience", "chat"))), "ws://gw", URL_ONLY);
        assertTrue(doc.at("/components/securitySchemes/apiKeyHeader").isMissingNode(), doc.toString());
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText(), doc.toString());
    }

    @Test
    void importsAHandWrittenAsyncApi30Document() throws Exception {
        ObjectNode request = AsyncApi.toRequest(json("{'asyncapi': '3.0.0', 'info': {'title': 'Stock Ticker',"
                + " 'version': '2.1', 'description': 'Prices'}, 'servers': {"
                + " 'broker': {'host': 'mq.example', 'protocol': 'mqtt'},"
                + " 'live': {'host': 'ticker.example:8443', 'pathname': '/stream', 'protocol': 'wss'}},"
                + " 'channels': {'prices': {'address': '/'}}}"));
        assertEquals(json("{'name': 'Stock Ticker', 'version': '2.1', 'description': 'Prices',"
                + " 'context': '/stock-ticker', 'endpoint': {'url': 'wss://ticker.example:8443/stream'}}"), request);
    }

    @Test
    void importsAHandWrittenAsyncApi26Document() throws Exception {
        ObjectNode request = AsyncApi.toRequest(json("{'asyncapi': '2.6.0', 'info': {'title': 'Echo',"
                + " 'version': '1.0'}, 'servers': {'docs': {'url': 'https://echo.example', 'protocol': 'https'},"
                + " 'production': {'url': 'ws://echo.example:9000/echo', 'protocol': 'ws'}},"
                + " 'channels': {'/': {'publish': {'message': {'payload': {'type': 'string'}}}}}}"));
        assertEquals(json("{'name': 'Echo', 'version': '1.0', 'description': '', 'context': '/echo',"
                + " 'endpoint': {'url': 'ws://echo.example:9000/echo'}}"), request);
    }

    @Test
    void addsTheProtocolToA2xServerUrlWithoutScheme() throws Exception {
        ObjectNode request = AsyncApi.toRequest(json("{'asyncapi': '2.0.0', 'info': {'title': 'Echo',"
                + " 'version': '1'}, 'servers': {'s': {'url': 'echo.example:9000/ws', 'protocol': 'WSS'}}}"));
        assertEquals("wss://echo.example:9000/ws", request.at("/endpoint/url").asText());
    }

    @Test
    void importsADocumentWithoutWebSocketServerWithoutEndpoint() throws Exception {
        ObjectNode request = AsyncApi.toRequest(json("{'asyncapi': '2.6.0', 'info': {'title': 'Orders',"
                + " 'version': '1'}, 'servers': {'k': {'url': 'kafka.example:9092', 'protocol': 'kafka'}}}"));
        assertFalse(request.has("endpoint"));
        assertEquals("/orders", request.get("context").asText());
    }

    @Test
    void makesTheContextFromTheTitle() throws Exception {
        assertEquals("/market-data-eu-v2", AsyncApi.toRequest(json("{'asyncapi': '3.0.0', 'info': {'title':"
                + " '  Market Data (EU) v2!! ', 'version': '1'}}")).get("context").asText());
        assertEquals("/api", AsyncApi.toRequest(json("{'asyncapi': '3.0.0', 'info': {'title': '???',"
                + " 'version': '1'}}")).get("context").asText(), "a title with nothing to keep");
        assertEquals("/api", AsyncApi.toRequest(json("{'asyncapi': '3.0.0'}")).get("context").asText());
    }

    @Test
    void takesTheGatewaysSettingsFromTheExtensionOverTheDocument() throws Exception {
        ObjectNode request = AsyncApi.toRequest(json("{'asyncapi': '2.6.0', 'info': {'title': 'Chat',"
                + " 'version': '9'}, 'servers': {'g': {'url': 'ws://gw/chat/1.0', 'protocol': 'ws'}},"
                + " 'x-ws-gateway': {'context': '/rooms', 'version': '1.0', 'endpoint': {'url': 'ws://b'},"
                + " 'plans': ['Gold'], 'gateways': ['edge'], 'defaultVersion': true, 'policies': {'open': {}}}}"));
        assertEquals(json("{'name': 'Chat', 'version': '1.0', 'description': '', 'context': '/rooms',"
                + " 'endpoint': {'url': 'ws://b'}, 'plans': ['Gold'], 'gateways': ['edge'],"
                + " 'defaultVersion': true, 'policies': {'open': {}}}"), request);
    }

    @Test
    void refusesAnOpenApiDocumentNamingTheField() throws IOException {
        Problem p = assertThrows(Problem.class, () -> AsyncApi.toRequest(json("{'openapi': '3.1.0'}")));
        assertEquals(400, p.status());
        assertEquals("urn:ws-gateway:problem:validation", p.type());
        assertEquals("asyncapi", p.errors().get(0).field());
        assertTrue(p.getMessage().contains("not an AsyncAPI 2.x or 3.0 document"), p.getMessage());
    }

    @Test
    void refusesAnAsyncApi1DocumentQuotingItsVersion() throws IOException {
        Problem p = assertThrows(Problem.class, () -> AsyncApi.toRequest(json("{'asyncapi': '1.2.0'}")));
        assertTrue(p.getMessage().contains("\"1.2.0\""), p.getMessage());
    }

    @Test
    void refusesADocumentThatIsNotAnObject() throws IOException {
        assertThrows(Problem.class, () -> AsyncApi.toRequest(json("['asyncapi', '3.0.0']")));
        assertThrows(Problem.class, () -> AsyncApi.toRequest(json("'3.0.0'")));
    }

    @Test
    void exportsWhatItImportsAsTheSameRequest() throws Exception {
        Api api = api(Map.of("ip-filter", Map.of("allow", "10.0.0.0/8")));
        ObjectNode request = AsyncApi.toRequest(AsyncApi.of(api, "wss://gw.example", URL_ONLY));
        assertEquals(json("{'name': 'Chat', 'version': '1.0', 'description': 'Chat rooms', 'context': '/chat',"
                + " 'endpoint': {'url': 'ws://chat.internal:9000/ws'}, 'plans': ['Gold'], 'gateways': ['edge'],"
                + " 'defaultVersion': true, 'policies': {'ip-filter': {'allow': '10.0.0.0/8', 'deny': ''}}}"),
                request);
    }

    @Test
    void exportsNeitherEndpointNorPoliciesToReadersWhoMayNotSeeThem() throws Exception {
        Api api = api(Map.of("backend-identity", Map.of("set", "X-Env: prod")));
        ObjectNode doc = AsyncApi.of(api, "ws://gw", null);
        assertFalse(doc.path("x-ws-gateway").has("endpoint"), doc.toString());
        assertFalse(doc.path("x-ws-gateway").has("policies"), doc.toString());
        assertFalse(doc.toString().contains("chat.internal"), doc.toString());
        assertEquals("/chat", doc.at("/x-ws-gateway/context").asText(), "still enough to connect");
    }

    @Test
    void exportsPoliciesWithoutTheirSecretSettings() throws Exception {
        ObjectNode doc = AsyncApi.of(api(Map.of("backend-identity", Map.of("set", "X-Env: prod",
                "secretSet", "X-Backend-Key: 9f2c"))), "ws://gw", URL_ONLY);
        assertEquals("X-Env: prod", doc.at("/x-ws-gateway/policies/backend-identity/set").asText());
        assertFalse(doc.toString().contains("9f2c"), doc.toString());
    }
}

