package org.wsgateway.policy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyRegistry;

/** Settings and the answers that need no token check; signatures, keys and expiry are in {@code JwtIT}. */
class JwtPolicyTest {

    private static final Map<String, String> BASE = Map.of("issuer", "https://idp.test",
            "jwksUrl", "http://127.0.0.1:1/jwks.json");

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
    void needsAnIssuerAndAJwksUrlAndNamesBadTopics() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyRegistry.parse("jwt", Map.of()));
        assertEquals(List.of("issuer", "jwksUrl"), e.problems().stream().map(p -> p.key()).toList());
        assertThrows(PolicyException.class, () -> config(Map.of("jwksUrl", "file:///etc/keys.json")));
        PolicyException topic = assertThrows(PolicyException.class, () -> config(Map.of("topicScopes", "orders")));
        assertTrue(topic.getMessage().contains("/path=scope"), topic.getMessage());
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
