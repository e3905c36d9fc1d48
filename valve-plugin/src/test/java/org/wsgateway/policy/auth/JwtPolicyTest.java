package org.wsgateway.policy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyRegistry;

/** Settings and the answers that need no token check; signatures, keys and expiry are in {@code JwtIT}. */
class JwtPolicyTest {

    private static final Map<String, String> BASE = Map.of("issuer", "https://idp.test",
            "jwksUrl", "http://127.0.0.1:1/jwks.json", "audience", "chat");

    private static JwtPolicy.Config config(Map<String, String> more) throws PolicyException {
        Map<String, String> settings = new java.util.HashMap<>(BASE);
        settings.putAll(more);
        return (JwtPolicy.Config) PolicyRegistry.parse("jwt", settings);
    }

    @Test
    void readsEverySettingAndWritesItBackTheSame() throws PolicyException {
        JwtPolicy.Config config = config(Map.of("audience", "chat, admin", "scopes", "chat:read chat:write",
                "topicScopes", "/orders=orders:read; /admin=admin write", "clockSkew", "30s", "query", "",
                "subscription", "false", "passOn", "true"));
        assertEquals(List.of("chat", "admin"), config.audience());
        assertEquals(List.of("chat:read", "chat:write"), config.scopes());
        assertEquals(List.of("admin", "write"), config.topicScopes().get("/admin"));
        assertEquals(Duration.ofSeconds(30), config.clockSkew());
        assertEquals(config, PolicyRegistry.parse("jwt", config.settings()));
    }

    @Test
    void needsAnIssuerAJwksUrlAndAnAudienceAndNamesBadTopics() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyRegistry.parse("jwt", Map.of()));
        assertEquals(List.of("issuer", "jwksUrl", "audience"), e.problems().stream().map(p -> p.key()).toList());
        assertThrows(PolicyException.class, () -> config(Map.of("jwksUrl", "file:///etc/keys.json")));
        PolicyException topic = assertThrows(PolicyException.class, () -> config(Map.of("topicScopes", "orders")));
        assertTrue(topic.getMessage().contains("/path=scope"), topic.getMessage());
    }

    @Test
    void refusesAJwtPolicyWithoutAnAudienceNamingIt() {
        Map<String, String> noAudience = new java.util.HashMap<>(BASE);
        noAudience.remove("audience");
        PolicyException missing = assertThrows(PolicyException.class, () -> PolicyRegistry.parse("jwt", noAudience));
        assertEquals(List.of("jwt.audience"), missing.problems().stream().map(p -> p.policy() + "." + p.key())
                .toList());
        assertTrue(missing.getMessage().contains("or * to accept tokens for any audience"), missing.getMessage());
        PolicyException blank = assertThrows(PolicyException.class, () -> config(Map.of("audience", " ")));
        assertEquals(List.of("audience"), blank.problems().stream().map(p -> p.key()).toList());
    }

    @Test
    void acceptsAnyAudienceOnlyWhenTheAudienceIsAStarAlone() throws PolicyException {
        assertTrue(config(Map.of("audience", "*")).anyAudience());
        assertFalse(config(Map.of("audience", "chat")).anyAudience());
        assertEquals(config(Map.of("audience", "*")), PolicyRegistry.parse("jwt", config(Map.of("audience", "*"))
                .settings()));
        PolicyException mixed = assertThrows(PolicyException.class, () -> config(Map.of("audience", "chat, *")));
        assertTrue(mixed.getMessage().contains("stands alone"), mixed.getMessage());
    }

    @Test
    void coversATopicAndWhatIsUnderItByWholeSegmentsAndCaseSensitively() {
        assertTrue(JwtPolicy.covers("/admin", "/admin"));
        assertTrue(JwtPolicy.covers("/admin", "/admin/"));
        assertTrue(JwtPolicy.covers("/admin", "/admin/users"));
        assertTrue(JwtPolicy.covers("/orders/eu", "/orders/eu/today"));
        assertFalse(JwtPolicy.covers("/admin", "/administrators"));
        assertFalse(JwtPolicy.covers("/admin", "/Admin"));
        assertFalse(JwtPolicy.covers("/admin", ""));
        assertFalse(JwtPolicy.covers("/orders/eu", "/orders"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/admin/", "/a\\b", "/a%2fb", "/x/../admin", "/./admin", "//admin"})
    void refusesATopicThatIsNotPlainSegments(String topic) {
        PolicyException e = assertThrows(PolicyException.class, () -> config(Map.of("topicScopes", topic + "=admin")));
        assertTrue(e.getMessage().contains("is not a topic path"), e.getMessage());
    }

    @Test
    void refusesAHandshakeWithoutATokenWith401AndABearerChallenge() throws PolicyException {
        Verdict verdict = JwtPolicy.TYPE.create(config(Map.of()), new PolicyState()).onHandshake(TesterUpgrades.from("::1"));
        assertEquals(401, verdict.status());
        assertEquals("Bearer realm=\"/chat/1\"", verdict.headers().get("WWW-Authenticate"));
    }

    @Test
    void refusesSomethingThatIsNotAJwtWithoutFetchingKeys() throws PolicyException {
        UpgradeRequest upgrade = TesterUpgrades.from("::1", "Authorization", "Bearer abc");
        Verdict verdict = JwtPolicy.TYPE.create(config(Map.of()), new PolicyState()).onHandshake(upgrade);
        assertEquals(401, verdict.status());
        assertTrue(verdict.headers().get("WWW-Authenticate").contains("invalid_token"));
        assertEquals(List.of("Authorization"), upgrade.credentialHeaders());
    }

    @Test
    void cannotBeCombinedWithOpen() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyRegistry.parse(Map.of("open", Map.of(),
                "jwt", BASE)));
        assertTrue(e.getMessage().contains("open"), e.getMessage());
    }
}
