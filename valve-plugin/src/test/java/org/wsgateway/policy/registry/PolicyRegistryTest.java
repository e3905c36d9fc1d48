package org.wsgateway.policy.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyException;

class PolicyRegistryTest {

    private static Map<String, Map<String, String>> declared(Object... nameAndSettings) {
        Map<String, Map<String, String>> declared = new LinkedHashMap<>();
        for (int i = 0; i < nameAndSettings.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, String> settings = (Map<String, String>) nameAndSettings[i + 1];
            declared.put((String) nameAndSettings[i], settings);
        }
        return declared;
    }

    @Test
    void parsesEveryPolicyAndGivesBackSettingsThatParseToEqualConfigs() throws PolicyException {
        Policies policies = PolicyRegistry.parse(declared(
                "origin", Map.of("allow", "https://app.example.com, https://*.example.org"),
                "ip-filter", Map.of("allow", "10.0.0.0/8", "deny", "10.1.0.0/16"),
                "size-limit", Map.of("inbound", "64KiB"),
                "connection-limit", Map.of("perIp", "5"),
                "handshake-rate", Map.of("perIp", "10/1m")));
        assertEquals(List.of("origin", "ip-filter", "size-limit", "connection-limit", "handshake-rate"),
                List.copyOf(policies.names()));
        assertEquals(policies, PolicyRegistry.parse(policies.settings()));
        assertEquals("65536", policies.settings().get("size-limit").get("inbound"));
        assertEquals("10/1m", policies.settings().get("handshake-rate").get("perIp"));
    }

    @Test
    void namesEveryUnknownPolicyAndEveryBadSettingAtOnce() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyRegistry.parse(declared(
                "rate-limitt", Map.of(),
                "ip-filter", Map.of("allow", "10.0.0.0/33", "alow", "10.0.0.1"),
                "size-limit", Map.of("inbound", "lots"))));
        assertEquals(List.of("rate-limitt", "ip-filter.alow", "ip-filter.allow", "size-limit.inbound"),
                e.problems().stream().map(p -> p.policy() + (p.key().isEmpty() ? "" : "." + p.key())).toList());
        assertTrue(e.problems().get(0).message().contains("handshake-rate"), "names the known policies");
        assertTrue(e.problems().get(2).message().contains("prefix length"), e.problems().get(2).message());
    }

    @Test
    void refusesAPolicyThatWouldDoNothing() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyRegistry.parse("ip-filter", Map.of()));
        assertEquals("allow", e.problems().get(0).key());
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("size-limit", Map.of()));
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("connection-limit", Map.of()));
        assertThrows(PolicyException.class, () -> PolicyRegistry.parse("handshake-rate", Map.of()));
    }

    @Test
    void replacesAPolicyOfTheSameNameAndAddsANewOneAtTheEnd() throws PolicyException {
        Policies policies = PolicyRegistry.parse(declared("origin", Map.of("allow", "*"), "size-limit",
                Map.of("inbound", "1")));
        Policies replaced = policies.with("origin", PolicyRegistry.parse("origin", Map.of("allow",
                "https://a.example")).settings());
        assertEquals(List.of("origin", "size-limit"), List.copyOf(replaced.names()));
        assertEquals("https://a.example", replaced.settings().get("origin").get("allow"));
        Policies added = policies.with("connection-limit", PolicyRegistry.parse("connection-limit",
                Map.of("perApi", "3")).settings());
        assertEquals("connection-limit", List.copyOf(added.names()).get(2));
        assertNull(Policies.NONE.get("origin"));
    }

    @Test
    void refusesSettingsTheCatalogFileCannotHold() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyRegistry.parse(declared(
                "backend-identity", Map.of("set", "X-Env: a\uFFFEb"), "origin", Map.of("allow", "https://a\u0001.example"))));
        assertEquals(List.of("backend-identity.set", "origin.allow"), e.problems().stream()
                .map(p -> p.policy() + "." + p.key()).toList());
        assertTrue(e.problems().get(0).message().contains("XML 1.0"), e.problems().get(0).message());
    }
}

