package org.wsgateway.policy.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyRegistry;

class ConnectionLimitPolicyTest {

    private final PolicyState state = new PolicyState();

    @Test
    void capsConnectionsPerAddressAndFreesThemOnRelease() throws PolicyException {
        Policy policy = PolicyRegistry.create("connection-limit", Map.of("perIp", "1"), state);
        UpgradeRequest first = TesterUpgrades.from("10.0.0.1");
        assertTrue(policy.onHandshake(first).passed());
        Verdict refused = policy.onHandshake(TesterUpgrades.from("10.0.0.1"));
        assertEquals(429, refused.status());
        assertTrue(refused.message().contains("your address"), refused.message());
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.2")).passed());
        first.release();
        first.release();
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.1")).passed());
        assertEquals(429, policy.onHandshake(TesterUpgrades.from("10.0.0.1")).status(),
                "a second release of the same connection gives nothing back");
    }

    @Test
    void capsTheWholeApiAndKeepsCountsAcrossARebuiltPolicy() throws PolicyException {
        Policy policy = PolicyRegistry.create("connection-limit", Map.of("perApi", "2"), state);
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.1")).passed());
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.2")).passed());
        Policy reloaded = PolicyRegistry.create("connection-limit", Map.of("perApi", "2"), state);
        Verdict refused = reloaded.onHandshake(TesterUpgrades.from("10.0.0.3"));
        assertEquals(429, refused.status());
        assertTrue(refused.message().contains("/chat/1"), refused.message());
    }

    @Test
    void capsTheConnectionsOfOneApplicationWhateverItsAddresses() throws PolicyException {
        Policy policy = PolicyRegistry.create("connection-limit", Map.of("perApplication", "1"), state);
        UpgradeRequest first = TesterUpgrades.from("10.0.0.1");
        first.identify(new org.wsgateway.policy.Identity("app", "Mobile", "sam", "s", "k", null));
        assertTrue(policy.onHandshake(first).passed());
        UpgradeRequest second = TesterUpgrades.from("10.0.0.2");
        second.identify(new org.wsgateway.policy.Identity("app", "Mobile", "sam", "s", "k", null));
        Verdict refused = policy.onHandshake(second);
        assertEquals(429, refused.status());
        assertTrue(refused.message().contains("Mobile"), refused.message());
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.3")).passed(), "anonymous callers: no app cap");
    }

    @Test
    void givesBackTheApiCountWhenTheAddressCountRefuses() throws PolicyException {
        Policy policy = PolicyRegistry.create("connection-limit", Map.of("perApi", "5", "perIp", "1"), state);
        UpgradeRequest first = TesterUpgrades.from("10.0.0.1");
        assertTrue(policy.onHandshake(first).passed());
        UpgradeRequest second = TesterUpgrades.from("10.0.0.1");
        assertEquals(429, policy.onHandshake(second).status());
        second.release(); // the chain does this on a refusal
        assertEquals(1, state.count("connection-limit/" + TesterUpgrades.API.id()));
    }
}
