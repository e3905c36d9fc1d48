package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.EndpointSettings;
import org.wsgateway.api.GatewayDef;
import org.wsgateway.api.Lifecycle;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;
import org.wsgateway.api.TlsSettings;
import org.wsgateway.catalog.Gateways;
import org.wsgateway.policy.registry.PolicyRegistry;

class ViewsTest {

    private static final Path BASE = Path.of("/opt/tomcat").toAbsolutePath();
    private final Views views = new Views(BASE);

    private static final EndpointSettings ENDPOINT = new EndpointSettings(URI.create("wss://chat.internal:9443/ws"),
            Duration.ofMillis(1500), Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ZERO, 65536, false,
            true, new TlsSettings(BASE.resolve("conf/trust.p12"), "PKCS12", "s3cret", Path.of("/etc/ca.pem"),
                    false));

    static Api chat(Lifecycle lifecycle, Lifecycle blockedFrom) throws Exception {
        return new Api("chat-1", "Chat", "/chat", "1.0", "Chat rooms", ENDPOINT, lifecycle, blockedFrom,
                List.of("Gold"), List.of("edge"), true,
                PolicyRegistry.parse(Map.of("ip-filter", Map.of("allow", "10.0.0.0/8"))));
    }

    @Test
    void showsAnApiWithWhatReadersDerive() throws Exception {
        ObjectNode node = views.api(chat(Lifecycle.PUBLISHED, null), "ws://gw.example:8080", 3);
        assertEquals("chat-1", node.get("id").asText());
        assertEquals("Chat", node.get("name").asText());
        assertEquals("/chat", node.get("context").asText());
        assertEquals("1.0", node.get("version").asText());
        assertEquals("PUBLISHED", node.get("lifecycle").asText());
        assertEquals("[\"deprecate\",\"block\"]", node.get("actions").toString());
        assertEquals("ws://gw.example:8080/chat/1.0", node.get("url").asText());
        assertEquals(3, node.get("connections").asInt());
        assertEquals("[\"Gold\"]", node.get("plans").toString());
        assertEquals("[\"edge\"]", node.get("gateways").toString());
        assertTrue(node.get("defaultVersion").asBoolean());
        assertEquals("10.0.0.0/8", node.at("/policies/ip-filter/allow").asText());
        assertFalse(node.has("blockedFrom"), "only a blocked API says what it was");
    }

    @Test
    void showsWhereABlockedApiReturnsToAndItsOnlyAction() throws Exception {
        ObjectNode node = views.api(chat(Lifecycle.BLOCKED, Lifecycle.DEPRECATED), "ws://gw", 0);
        assertEquals("DEPRECATED", node.get("blockedFrom").asText());
        assertEquals("[\"unblock\"]", node.get("actions").toString());
    }

    @Test
    void showsAnApiWithoutEndpointAsNull() {
        Api api = new Api(null, "New", "/new", "1", "", null, Lifecycle.CREATED, null, List.of(), List.of(), false);
        ObjectNode node = views.api(api, "ws://gw", 0);
        assertTrue(node.get("endpoint").isNull());
        assertEquals("[\"publish\"]", node.get("actions").toString());
        assertEquals(0, node.get("policies").size());
    }

    @Test
    void writesEndpointDurationsInTheirLargestExactUnit() {
        JsonNode e = views.endpoint(ENDPOINT, false);
        assertEquals("wss://chat.internal:9443/ws", e.get("url").asText());
        assertEquals("1500ms", e.get("connectTimeout").asText());
        assertEquals("10s", e.get("handshakeTimeout").asText());
        assertEquals("2m", e.get("idleTimeout").asText());
        assertEquals("0", e.get("pingInterval").asText());
        assertEquals(65536, e.get("maxMessageSize").asLong());
        assertFalse(e.get("clientCompression").asBoolean());
        assertTrue(e.get("backendCompression").asBoolean());
    }

    @Test
    void namesTrustFilesRelativeToCatalinaBaseWhenInside() {
        JsonNode tls = views.endpoint(ENDPOINT, false).get("tls");
        assertEquals(Path.of("conf/trust.p12").toString(), tls.get("trustStore").asText());
        assertEquals(Path.of("/etc/ca.pem").toString(), tls.get("trustCertificates").asText());
        assertEquals("PKCS12", tls.get("trustStoreType").asText());
        assertFalse(tls.get("verifyHostname").asBoolean());
    }

    @Test
    void neverShowsTheTrustStorePasswordOutsideABackup() throws Exception {
        assertFalse(views.endpoint(ENDPOINT, false).get("tls").has("trustStorePassword"));
        ObjectNode api = views.api(chat(Lifecycle.PUBLISHED, null), "ws://gw", 0);
        assertFalse(api.toString().contains("s3cret"), api.toString());
    }

    @Test
    void showsDefaultTlsWithNullFiles() {
        JsonNode tls = views.endpoint(EndpointSettings.of(URI.create("ws://b")), false).get("tls");
        assertTrue(tls.get("trustStore").isNull());
        assertTrue(tls.get("trustCertificates").isNull());
        assertTrue(tls.get("verifyHostname").asBoolean());
    }

    @Test
    void showsAKeyWithoutItsHash() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        ApiKey key = new ApiKey("k1", "ci", "sha256:abc", "wsg_abcde", created, null);
        ObjectNode node = views.key(key);
        assertEquals("wsg_abcde", node.get("prefix").asText());
        assertEquals("2026-01-01T00:00:00Z", node.get("created").asText());
        assertTrue(node.get("expires").isNull());
        assertFalse(node.get("expired").asBoolean());
        assertFalse(node.has("hash"));
        assertFalse(node.toString().contains("sha256:abc"));
    }

    @Test
    void marksAKeyPastItsExpiryExpired() {
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        ObjectNode node = views.key(new ApiKey("k1", "old", "h", "wsg_", past.minusSeconds(60), past));
        assertTrue(node.get("expired").asBoolean());
        assertEquals("2020-01-01T00:00:00Z", node.get("expires").asText());
    }

    @Test
    void showsAnApplicationWithItsSubscribedApisNamed() throws Exception {
        Catalog catalog = new Catalog(List.of(chat(Lifecycle.PUBLISHED, null)), Plan.DEFAULTS, List.of());
        Application app = new Application("app-1", "Mobile", "dev", "", List.of(
                new Subscription("s1", "chat-1", "Gold", Subscription.ACTIVE),
                new Subscription("s2", "gone", "Bronze", Subscription.BLOCKED)), List.of());
        ObjectNode node = views.application(app, catalog);
        assertEquals("dev", node.get("owner").asText());
        assertTrue(node.get("clientId").isNull());
        JsonNode known = node.get("subscriptions").get(0);
        assertEquals("Chat 1.0", known.get("apiName").asText());
        assertEquals("/chat/1.0", known.get("apiPath").asText());
        assertEquals("Gold", known.get("plan").asText());
        JsonNode unknown = node.get("subscriptions").get(1);
        assertEquals("gone", unknown.get("api").asText());
        assertFalse(unknown.has("apiName"), "an API no longer in the catalog has no name");
        assertEquals("BLOCKED", unknown.get("status").asText());
    }

    @Test
    void showsEveryPlanLimit() {
        ObjectNode node = views.plan(new Plan("Gold", "g", 5000, 500, 1024, 100000, "close", "inbound", 3));
        assertEquals("{\"name\":\"Gold\",\"description\":\"g\",\"messagesPerMinute\":5000,\"burst\":500,"
                + "\"bytesPerSecond\":1024,\"eventsPerDay\":100000,\"action\":\"close\",\"counts\":\"inbound\","
                + "\"maxConnections\":3}", node.toString());
    }

    @Test
    void showsARunningGatewayWithItsHostAndConnections() {
        Gateways.Status status = new Gateways.Status() {
            @Override
            public String serves() {
                return "localhost";
            }

            @Override
            public Map<String, Integer> connectionsByApi() {
                return Map.of("a", 2, "b", 5);
            }
        };
        ObjectNode node = views.gateway(new GatewayDef("edge", "Edge"), Map.of("edge", status));
        assertTrue(node.get("running").asBoolean());
        assertEquals("localhost", node.get("serves").asText());
        assertEquals(7, node.get("connections").asInt());
    }

    @Test
    void showsAStoppedGatewayWithoutHostOrConnections() {
        ObjectNode node = views.gateway(new GatewayDef("edge", null), Map.of());
        assertFalse(node.get("running").asBoolean());
        assertFalse(node.has("serves"));
        assertFalse(node.has("connections"));
        assertEquals("", node.get("description").asText());
    }

    @Test
    void backsUpSecretsKeyHashesAndLifecycles() throws Exception {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Application app = new Application("app-1", "Mobile", "dev", "", List.of(),
                List.of(new ApiKey("k1", "ci", "sha256:abc", "wsg_abcde", created, null)));
        Catalog catalog = new Catalog(List.of(chat(Lifecycle.BLOCKED, Lifecycle.PUBLISHED)), Plan.DEFAULTS,
                List.of(new GatewayDef("edge", "Edge")), List.of(app));
        ObjectNode backup = views.backup(catalog, true);
        assertEquals("ws-gateway-backup/1", backup.get("format").asText());
        assertTrue(backup.get("secrets").asBoolean());
        assertEquals("edge", backup.at("/gateways/0/name").asText());
        assertEquals(Plan.DEFAULTS.size(), backup.get("plans").size());
        JsonNode api = backup.at("/apis/0");
        assertEquals("BLOCKED", api.get("lifecycle").asText());
        assertEquals("PUBLISHED", api.get("blockedFrom").asText());
        assertEquals("s3cret", api.at("/endpoint/tls/trustStorePassword").asText());
        assertFalse(api.has("url"), "a backup holds what is stored, not what is derived");
        assertEquals("sha256:abc", backup.at("/applications/0/keys/0/hash").asText());
        assertEquals(1, backup.at("/applications/0/keys").size());
    }

    @Test
    void leavesPasswordsAndSecretSettingsOutOfABackupUnlessAsked() throws Exception {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        Application app = new Application("app-1", "Mobile", "dev", "", List.of(),
                List.of(new ApiKey("k1", "ci", "sha256:abc", "wsg_abcde", created, null)));
        Api api = chat(Lifecycle.PUBLISHED, null).withPolicies(PolicyRegistry.parse(Map.of("backend-identity",
                Map.of("set", "X-Env: prod", "secretSet", "Authorization: Basic c2VjcmV0"))));
        Catalog catalog = new Catalog(List.of(api), Plan.DEFAULTS, List.of(new GatewayDef("edge", "Edge")),
                List.of(app));

        ObjectNode plain = views.backup(catalog, false);
        assertFalse(plain.get("secrets").asBoolean());
        assertFalse(plain.at("/apis/0/endpoint/tls").has("trustStorePassword"), plain.toString());
        assertFalse(plain.at("/apis/0/policies/backend-identity").has("secretSet"), plain.toString());
        assertFalse(plain.toString().contains("s3cret") || plain.toString().contains("c2VjcmV0"), plain.toString());
        assertEquals("X-Env: prod", plain.at("/apis/0/policies/backend-identity/set").asText());
        assertEquals("sha256:abc", plain.at("/applications/0/keys/0/hash").asText(), "keys must still work");

        ObjectNode full = views.backup(catalog, true);
        assertEquals("Authorization: Basic c2VjcmV0", full.at("/apis/0/policies/backend-identity/secretSet")
                .asText());
        assertEquals("s3cret", full.at("/apis/0/endpoint/tls/trustStorePassword").asText());
    }

    @Test
    void neverShowsSecretPolicySettingsOfAnApi() throws Exception {
        Api api = chat(Lifecycle.PUBLISHED, null).withPolicies(PolicyRegistry.parse(Map.of("backend-identity",
                Map.of("secretSet", "Authorization: Basic c2VjcmV0"))));
        ObjectNode node = views.api(api, "ws://gw.example:8080", 0);
        assertFalse(node.toString().contains("c2VjcmV0"), node.toString());
        assertFalse(views.policies(api.policies()).toString().contains("c2VjcmV0"));
    }
}
