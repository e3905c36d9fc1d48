package org.wsgateway.policy.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.Identity;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.registry.PolicyRegistry;

class BackendIdentityPolicyTest {

    private static final Identity WHO = new Identity("app-1", "Mobile", "sam", "sub-1", "key-1",
            Plan.DEFAULTS.get(1));

    private static UpgradeRequest run(Map<String, String> settings, Identity who, String... headers)
            throws PolicyException {
        UpgradeRequest upgrade = TesterUpgrades.from("10.0.0.1", headers);
        upgrade.identify(who);
        assertTrue(PolicyRegistry.create("backend-identity", settings, new PolicyState()).onHandshake(upgrade)
                .passed());
        return upgrade;
    }

    @Test
    void setsAndRemovesHeadersAndDropsTheGatewaysOwnNamesFromTheClient() throws PolicyException {
        UpgradeRequest upgrade = run(Map.of("set", "X-Env: prod; X-Team: chat", "remove", "Cookie"), null,
                "X-WS-Gateway-Plan", "Platinum", "Cookie", "a=b");
        assertEquals(Map.of("X-Env", "prod", "X-Team", "chat"), upgrade.backendHeaders());
        assertTrue(upgrade.removedBackendHeaders().containsAll(List.of("Cookie", "X-WS-Gateway-Plan",
                "X-JWT-Assertion")), upgrade.removedBackendHeaders().toString());
    }

    @Test
    void tellsWhoCallsInHeaders() throws PolicyException {
        Map<String, String> headers = run(Map.of("identity", "headers"), WHO).backendHeaders();
        assertEquals("app-1", headers.get("X-WS-Gateway-Application"));
        assertEquals("sam", headers.get("X-WS-Gateway-Subscriber"));
        assertEquals("sub-1", headers.get("X-WS-Gateway-Subscription"));
        assertEquals("Gold", headers.get("X-WS-Gateway-Plan"));
    }

    @Test
    void tellsWhoCallsInAJwtAndSaysNothingOfAnonymousCallers() throws Exception {
        String jwt = run(Map.of("identity", "jwt", "jwtHeader", "X-Caller"), WHO).backendHeaders().get("X-Caller");
        assertEquals(3, jwt.split("\\.").length, jwt);
        assertTrue(BackendTokens.publicKeys().contains("\"kty\":\"RSA\""));
        assertTrue(!BackendTokens.publicKeys().contains("\"d\""), "never the private key");
        assertEquals(Map.of(), run(Map.of("identity", "jwt"), null).backendHeaders());
    }

    @Test
    void refusesHeadersThatBelongToTheHandshakeOrAreNotHeaders() {
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("backend-identity", Map.of("set", "Host: x")));
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("backend-identity",
                Map.of("remove", "Sec-WebSocket-Key")));
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("backend-identity", Map.of("set", "no colon")));
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("backend-identity", Map.of("identity", "all")));
    }

    @Test
    void setsSecretHeadersAndMarksTheSettingSecret() throws PolicyException {
        UpgradeRequest upgrade = run(Map.of("set", "X-Env: prod", "secretSet", "X-Backend-Key: 9f2c; X-Other: 1"),
                null);
        assertEquals(Map.of("X-Env", "prod", "X-Backend-Key", "9f2c", "X-Other", "1"), upgrade.backendHeaders());
        Policies policies = PolicyRegistry.parse(Map.of("backend-identity", Map.of("secretSet", "X-Backend-Key: 9f2c")));
        assertTrue(Policies.secret("secretSet"));
        assertEquals("X-Backend-Key: 9f2c", policies.get("backend-identity").get("secretSet"));
        assertFalse(policies.withoutSecrets().get("backend-identity").containsKey("secretSet"));
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("backend-identity",
                Map.of("secretSet", "Sec-WebSocket-Key: x")));
    }
}

