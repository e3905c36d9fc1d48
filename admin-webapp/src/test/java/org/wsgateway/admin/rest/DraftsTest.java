package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Policies;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.catalog.ApiDraft;
import org.wsgateway.policy.registry.PolicyRegistry;

class DraftsTest {

    @TempDir
    Path base;

    private static JsonNode json(String text) throws IOException {
        return Views.MAPPER.readTree(text.replace('\'', '"'));
    }

    private ApiDraft api(String body) throws Exception {
        return new Drafts(base, PolicyRegistry::parse).api(json(body));
    }

    /** The bad fields of a refused API body, with their messages. */
    private Map<String, String> errors(String body) {
        Problem p = assertThrows(Problem.class, () -> api(body));
        assertEquals(400, p.status());
        return p.errors().stream().collect(Collectors.toMap(e -> e.field(), e -> e.message(), (a, b) -> a + "; " + b));
    }

    @Test
    void refusesAPlanOrGatewayWithoutNameNamingTheField() throws Exception {
        for (var draft : List.<org.junit.jupiter.api.function.Executable>of(
                () -> new Drafts(base, PolicyRegistry::parse).plan(json("{'action': 'shape', 'counts': 'both'}"), null),
                () -> new Drafts(base, PolicyRegistry::parse).gateway(json("{'description': 'edge'}"), null))) {
            Problem p = assertThrows(Problem.class, draft);
            assertEquals(400, p.status());
            assertEquals("name", p.errors().get(0).field());
            assertEquals("is required", p.errors().get(0).message());
        }
    }

    @Test
    void readsAMinimalApiWithDefaults() throws Exception {
        ApiDraft d = api("{'name': ' Chat ', 'context': '/chat', 'version': '1.0'}");
        assertEquals("Chat", d.name(), "names are trimmed");
        assertEquals("/chat", d.context());
        assertEquals("1.0", d.version());
        assertEquals("", d.description());
        assertNull(d.endpoint());
        assertEquals(List.of(), d.plans());
        assertFalse(d.defaultVersion());
        assertNull(d.policies(), "no policies field leaves an edited API's policies as they are");
    }

    @Test
    void readsEveryEndpointSetting() throws Exception {
        Files.writeString(base.resolve("ca.pem"), "pem");
        ApiDraft d = api("{'name': 'Chat', 'context': '/chat', 'version': '1', 'endpoint': {'url': 'wss://b:9443/x',"
                + " 'connectTimeout': '2s', 'handshakeTimeout': '3s', 'idleTimeout': '0', 'pingInterval': '1m',"
                + " 'maxMessageSize': '64KiB', 'clientCompression': false, 'backendCompression': 'true',"
                + " 'tls': {'trustCertificates': 'ca.pem', 'verifyHostname': false}},"
                + " 'plans': ['Gold', ' Silver '], 'gateways': ['edge'], 'defaultVersion': true}");
        EndpointSettings e = d.endpoint();
        assertEquals(new EndpointSettings(URI.create("wss://b:9443/x"), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ZERO, Duration.ofMinutes(1), 65536, false, true,
                new TlsSettings(null, "PKCS12", null, base.resolve("ca.pem"), false)), e);
        assertEquals(List.of("Gold", "Silver"), d.plans());
        assertEquals(List.of("edge"), d.gateways());
        assertTrue(d.defaultVersion());
    }

    @Test
    void requiresNameContextAndVersion() {
        Map<String, String> errors = errors("{'name': ' ', 'version': null}");
        assertEquals(Map.of("name", "is required", "context", "is required", "version", "is required"), errors);
    }

    @Test
    void namesEveryBadFieldInOneAnswer() {
        Map<String, String> errors = errors("{'name': 'Chat', 'context': 'chat/', 'version': '1 0',"
                + " 'endpoint': {'url': 'http://b', 'connectTimeout': '0', 'maxMessageSize': 'huge'},"
                + " 'defaultVersion': 'yes', 'description': {'long': true}}");
        assertEquals(List.of("context", "defaultVersion", "description", "endpoint.connectTimeout",
                "endpoint.maxMessageSize", "endpoint.url", "version"), errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("endpoint.url").contains("ws://"), errors.get("endpoint.url"));
        assertEquals("must be greater than 0", errors.get("endpoint.connectTimeout"));
        assertEquals("must be a single value", errors.get("description"));
    }

    @Test
    void refusesUnknownFieldsButIgnoresTheOnesItReports() {
        Map<String, String> errors = errors("{'name': 'Chat', 'context': '/chat', 'version': '1', 'nmae': 'x',"
                + " 'id': 'a', 'lifecycle': 'PUBLISHED', 'blockedFrom': null, 'actions': [], 'url': 'ws://g',"
                + " 'connections': 4, 'endpoint': {'url': 'ws://b', 'timeout': '1s'}}");
        assertEquals(Map.of("nmae", "unknown field", "endpoint.timeout", "unknown field"), errors);
    }

    @Test
    void requiresTheEndpointUrlAndAnObject() {
        assertEquals(Map.of("endpoint.url", "is required"),
                errors("{'name': 'C', 'context': '/c', 'version': '1', 'endpoint': {}}"));
        assertEquals(Map.of("endpoint", "must be an object"),
                errors("{'name': 'C', 'context': '/c', 'version': '1', 'endpoint': 'ws://b'}"));
    }

    @Test
    void refusesPlansAndGatewaysThatAreNotListsOfNames() {
        Map<String, String> errors = errors("{'name': 'C', 'context': '/c', 'version': '1', 'plans': 'Gold',"
                + " 'gateways': ['edge', '', 7]}");
        assertEquals("must be an array of names", errors.get("plans"));
        assertTrue(errors.get("gateways").contains("must hold names"), errors.get("gateways"));
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertEquals(Map.of("(body)", "must be a JSON object"), errors("['name']"));
    }

    @Test
    void refusesTrustFilesOutsideCatalinaBase() throws Exception {
        Path outside = Files.createTempFile("trust", ".p12");
        try {
            Map<String, String> errors = errors("{'name': 'C', 'context': '/c', 'version': '1', 'endpoint':"
                    + " {'url': 'wss://b', 'tls': {'trustStore': '" + outside.toString().replace('\\', '/') + "',"
                    + " 'trustCertificates': '../" + base.getFileName() + "-x/ca.pem', 'pin': 'x'}}}");
            assertEquals(List.of("endpoint.tls.pin", "endpoint.tls.trustCertificates", "endpoint.tls.trustStore"),
                    errors.keySet().stream().sorted().toList());
            assertTrue(errors.get("endpoint.tls.trustStore").contains("$CATALINA_BASE"));
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void refusesATrustFileThatDoesNotExist() {
        assertTrue(errors("{'name': 'C', 'context': '/c', 'version': '1', 'endpoint': {'url': 'wss://b',"
                + " 'tls': {'trustStore': 'conf/missing.p12'}}}").containsKey("endpoint.tls.trustStore"));
    }

    @Test
    void refusesTlsThatIsNotAnObject() {
        assertTrue(errors("{'name': 'C', 'context': '/c', 'version': '1', 'endpoint': {'url': 'wss://b',"
                + " 'tls': 'yes'}}").containsKey("endpoint.tls"));
    }

    @Test
    void readsPoliciesWithListsAsCommaSeparatedSettings() throws Exception {
        ApiDraft d = api("{'name': 'C', 'context': '/c', 'version': '1', 'policies': {'ip-filter':"
                + " {'allow': ['10.0.0.0/8', '192.168.0.0/16']}, 'key-auth': {'header': 'X-Key', 'passOn': true}}}");
        assertEquals("10.0.0.0/8,192.168.0.0/16", d.policies().settings().get("ip-filter").get("allow"));
        assertEquals("X-Key", d.policies().settings().get("key-auth").get("header"));
        assertEquals("true", d.policies().settings().get("key-auth").get("passOn"));
    }

    @Test
    void namesEachBadPolicyAndSettingBelowPolicies() {
        Map<String, String> errors = errors("{'name': 'C', 'context': '/c', 'version': '1', 'policies':"
                + " {'nope': {}, 'size-limit': 'big', 'ip-filter': {'allow': {'cidr': 1}}}}");
        assertEquals(List.of("policies.ip-filter.allow", "policies.nope", "policies.size-limit"),
                errors.keySet().stream().sorted().toList());
        assertTrue(errors.get("policies.nope").contains("no such policy"));
    }

    @Test
    void namesABadPolicySettingWithItsKey() {
        Map<String, String> errors = errors("{'name': 'C', 'context': '/c', 'version': '1', 'policies':"
                + " {'ip-filter': {'allow': '10.0.0.0/33'}}}");
        assertTrue(errors.containsKey("policies.ip-filter.allow"), errors.toString());
    }

    @Test
    void refusesPoliciesThatAreNotAnObject() {
        assertTrue(errors("{'name': 'C', 'context': '/c', 'version': '1', 'policies': ['open']}")
                .containsKey("policies"));
    }

    @Test
    void readsAPoliciesBodyAndNamesProblemsWithoutPrefix() throws Exception {
        Policies p = new Drafts(base, PolicyRegistry::parse).policies(json("{'open': {}}"));
        assertEquals(List.of("open"), List.copyOf(p.settings().keySet()));
        Problem problem = assertThrows(Problem.class,
                () -> new Drafts(base, PolicyRegistry::parse).policies(json("{'open': {}, 'key-auth': {}}")));
        assertEquals("open", problem.errors().get(0).field(), "an open API takes no credentials");
    }

    @Test
    void readsAnEndpointBodyAndNamesItsFieldsWithoutPrefix() throws Exception {
        assertEquals(URI.create("ws://b/x"), new Drafts(base, PolicyRegistry::parse).endpoint(json("{'url': 'ws://b/x'}")).url());
        Problem p = assertThrows(Problem.class, () -> new Drafts(base, PolicyRegistry::parse).endpoint(json("{'pingInterval': 'often'}")));
        assertEquals(List.of("pingInterval", "url"), p.errors().stream().map(e -> e.field()).sorted().toList());
        assertEquals("2 fields are invalid", p.getMessage());
    }

    @Test
    void readsBackWhatViewsShowsOfAnApi() throws Exception {
        Files.createDirectories(base.resolve("conf"));
        Files.writeString(base.resolve("conf/trust.p12"), "store");
        EndpointSettings endpoint = new EndpointSettings(URI.create("wss://b:9443/x"), Duration.ofMillis(1500),
                Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ZERO, 1 << 20, false, true,
                new TlsSettings(base.resolve("conf/trust.p12"), "JKS", null, null, false));
        Api api = new Api("id-1", "Chat", "/chat", "2.0", "Rooms", endpoint, Lifecycle.BLOCKED, Lifecycle.PUBLISHED,
                List.of("Gold"), List.of("edge"), true, PolicyRegistry.parse(Map.of("ip-filter", Map.of("deny", "10.0.0.0/8"),
                        "key-auth", Map.of("query", ""))));
        ApiDraft back = new Drafts(base, PolicyRegistry::parse).api(new Views(base).api(api, "ws://gw", 5));
        assertSameApi(api, back);
    }

    @Test
    void readsAnAsyncApiExportBackAsTheSameApi() throws Exception {
        Api api = new Api("id-1", "Chat", "/chat", "2.0", "Rooms", EndpointSettings.of(URI.create("ws://b:9000")),
                Lifecycle.PUBLISHED, null, List.of("Gold", "Bronze"), List.of(), true,
                PolicyRegistry.parse(Map.of("size-limit", Map.of("inbound", "64KiB"))));
        Views views = new Views(base);
        JsonNode doc = AsyncApi.of(api, "wss://gw.example", a -> views.endpoint(a.endpoint(), false));
        assertSameApi(api, new Drafts(base, PolicyRegistry::parse).api(AsyncApi.toRequest(doc)));
    }

    @Test
    void readsAnAsyncApiExportOfAnApiWithoutEndpointBackWithoutEndpoint() throws Exception {
        Api api = new Api(null, "New", "/new", "1", "", null, Lifecycle.CREATED, null, List.of(), List.of(), false);
        JsonNode doc = AsyncApi.of(api, "ws://gw.example:8080", a -> null);
        assertNull(new Drafts(base, PolicyRegistry::parse).api(AsyncApi.toRequest(doc)).endpoint());
    }

    private static void assertSameApi(Api api, ApiDraft draft) {
        assertEquals(new ApiDraft(api.name(), api.context(), api.version(), api.description(), api.endpoint(),
                api.plans(), api.gateways(), api.defaultVersion(), null),
                new ApiDraft(draft.name(), draft.context(), draft.version(), draft.description(), draft.endpoint(),
                        draft.plans(), draft.gateways(), draft.defaultVersion(), null));
        assertEquals(api.policies().settings(), draft.policies().settings());
    }

    @Test
    void refusesVariablesOverRestSayingTheyBelongToTheFile() throws Exception {
        Files.writeString(base.resolve("trust.p12"), "not read here");
        Map<String, String> errors = errors("{'name': 'A', 'context': '/a', 'version': '1', 'endpoint': "
                + "{'url': 'ws://${env:HOME}/x', 'tls': {'trustStore': 'trust.p12', "
                + "'trustStorePassword': '${env:HOME}'}}}");
        assertEquals(List.of("endpoint.tls.trustStorePassword", "endpoint.url"), errors.keySet().stream().sorted()
                .toList());
        assertTrue(errors.get("endpoint.tls.trustStorePassword").contains("catalog file only"), errors.toString());
    }

    @Test
    void refusesTextTheCatalogFileCannotHoldInEveryField() {
        Map<String, String> errors = errors("{'name': 'A', 'context': '/a', 'version': '1', "
                + "'description': 'bell \\u0007', 'policies': {'backend-identity': {'set': 'X-A: \\uFFFF'}}}");
        assertEquals(List.of("description", "policies.backend-identity.set"), errors.keySet().stream().sorted()
                .toList());
        assertTrue(errors.get("description").contains("U+0007"), errors.toString());
    }

    @Test
    void keepsTheWriteOnlyValuesABodyLeavesOut() throws Exception {
        Files.writeString(base.resolve("trust.p12"), "not read here");
        Api stored = new Api("a-1", "A", "/a", "1", "", new EndpointSettings(URI.create("ws://b/x"),
                EndpointSettings.DEFAULT_CONNECT_TIMEOUT, EndpointSettings.DEFAULT_HANDSHAKE_TIMEOUT,
                EndpointSettings.DEFAULT_IDLE_TIMEOUT, EndpointSettings.DEFAULT_PING_INTERVAL,
                EndpointSettings.DEFAULT_MAX_MESSAGE_SIZE, false, false, new TlsSettings(base.resolve("trust.p12"),
                        "PKCS12", "s3cret", null, true)), Lifecycle.PUBLISHED, null, List.of("Gold"), List.of(),
                false, PolicyRegistry.parse(Map.of("backend-identity", Map.of("secretSet", "X-Key: 9f2c"))));
        Drafts drafts = new Drafts(base, PolicyRegistry::parse).keepingSecretsOf(stored);
        ApiDraft d = drafts.api(json("{'name': 'A', 'context': '/a', 'version': '1', 'endpoint': {'url': 'ws://b/x', "
                + "'tls': {'trustStore': 'trust.p12'}}, 'policies': {'backend-identity': {'set': 'X-Env: prod'}}}"));
        assertEquals("s3cret", d.endpoint().tls().trustStorePassword());
        assertEquals("X-Key: 9f2c", d.policies().get("backend-identity").get("secretSet"));
        assertEquals("X-Env: prod", d.policies().get("backend-identity").get("set"));

        Policies cleared = new Drafts(base, PolicyRegistry::parse).keepingSecretsOf(stored).policies(json(
                "{'backend-identity': {'secretSet': ''}}"));
        assertEquals("", cleared.get("backend-identity").get("secretSet"), "a secret given replaces the stored one");
    }
}

