package org.wsgateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.registry.PolicyRegistry;

class PolicyChainTest {

    private final PolicyState state = new PolicyState();

    /** The API with these policies, open to anonymous callers unless they say otherwise. */
    private static Api with(Map<String, Map<String, String>> declared) throws PolicyException {
        Map<String, Map<String, String>> open = new LinkedHashMap<>(declared);
        open.putIfAbsent("open", Map.of());
        return TesterUpgrades.API.withPolicies(PolicyRegistry.parse(open));
    }

    /** The chain of an API declaring these policies (names and settings in turn), open unless they say otherwise. */
    @SuppressWarnings("unchecked")
    private PolicyChain chain(Object... namesAndSettings) throws PolicyException {
        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSettings.length; i += 2) {
            declared.put((String) namesAndSettings[i], (Map<String, String>) namesAndSettings[i + 1]);
        }
        return PolicyRegistry.chain(with(declared), state);
    }

    @Test
    void requiresAnApiKeyWhenTheApiDeclaresNoAuthentication() {
        PolicyChain chain = PolicyRegistry.chain(TesterUpgrades.API, state);
        Verdict verdict = chain.check(TesterUpgrades.from("10.0.0.1"));
        assertEquals(401, verdict.status());
        assertTrue(verdict.headers().get("WWW-Authenticate").startsWith("ApiKey "), verdict.toString());
    }

    @Test
    void appliesTheSameOriginDefaultToAnApiWithoutOriginPolicy() throws PolicyException {
        PolicyChain chain = PolicyRegistry.chain(with(Map.of()), state);
        assertEquals(403, chain.check(TesterUpgrades.from("10.0.0.1", "Origin", "https://evil.example")).status());
        assertTrue(chain.check(TesterUpgrades.from("10.0.0.1", "Origin", "http://gateway.example:8080")).passed());
        assertNull(chain.guard(TesterUpgrades.from("10.0.0.1")), "no policy looks at messages");
    }

    @Test
    void runsRestrictionsBeforeLimitsWhateverTheDeclaredOrder() throws PolicyException {
        PolicyChain chain = chain("connection-limit", Map.of("perApi", "1"), "ip-filter", Map.of("deny", "10.0.0.0/8"));
        // A denied address is refused by ip-filter before it could take the API's only connection.
        assertEquals(403, chain.check(TesterUpgrades.from("10.0.0.1")).status());
        assertEquals(0, state.count("connection-limit/" + TesterUpgrades.API.id()));
        UpgradeRequest allowed = TesterUpgrades.from("192.168.0.1");
        assertTrue(chain.check(allowed).passed());
        assertEquals(1, state.count("connection-limit/" + TesterUpgrades.API.id()));
        allowed.release();
        assertEquals(0, state.count("connection-limit/" + TesterUpgrades.API.id()));
    }

    @Test
    void releasesWhatEarlierPoliciesTookWhenALaterOneRefuses() throws PolicyException {
        PolicyChain chain = chain("connection-limit", Map.of("perApi", "5"), "handshake-rate", Map.of("perIp", "1/1h"));
        UpgradeRequest first = TesterUpgrades.from("10.0.0.1");
        assertTrue(chain.check(first).passed());
        assertEquals(429, chain.check(TesterUpgrades.from("10.0.0.1")).status());
        assertEquals(1, state.count("connection-limit/" + TesterUpgrades.API.id()),
                "the refused handshake gave its connection back");
    }

    @Test
    void combinesGuardsSoTheFirstCloseWins() throws PolicyException {
        PolicyChain chain = chain("size-limit", Map.of("inbound", "10"));
        MessageGuard guard = chain.guard(TesterUpgrades.from("10.0.0.1"));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, true, true, false, 6));
        MessageAction action = guard.onPiece(Direction.INBOUND, true, false, true, 5);
        assertEquals(1009, assertInstanceOf(MessageAction.Close.class, action).senderCode());
    }
}
