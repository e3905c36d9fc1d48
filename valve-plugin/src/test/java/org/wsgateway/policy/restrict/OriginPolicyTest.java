package org.wsgateway.policy.restrict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyRegistry;

class OriginPolicyTest {

    private static Verdict check(OriginPolicy.Config config, String... headers) {
        return OriginPolicy.TYPE.create(config, new PolicyState()).onHandshake(TesterUpgrades.from("10.0.0.1", headers));
    }

    private static OriginPolicy.Config allow(String allow) throws PolicyException {
        return (OriginPolicy.Config) PolicyRegistry.parse("origin", Map.of("allow", allow));
    }

    @Test
    void letsTheGatewaysOwnOriginInWithOrWithoutTheDefaultPort() {
        assertTrue(check(OriginPolicy.Config.SAME_ORIGIN, "Origin", "http://gateway.example:8080").passed());
        assertTrue(check(OriginPolicy.Config.SAME_ORIGIN, "Origin", "HTTP://Gateway.Example:8080").passed());
        assertFalse(check(OriginPolicy.Config.SAME_ORIGIN, "Origin", "https://gateway.example:8080").passed(),
                "another scheme is another origin");
        assertFalse(check(OriginPolicy.Config.SAME_ORIGIN, "Origin", "http://gateway.example").passed(),
                "another port is another origin");
        assertTrue(check(OriginPolicy.Config.SAME_ORIGIN, "Host", "gateway.example", "Origin",
                "http://gateway.example").passed());
    }

    @Test
    void refusesAnotherSiteWith403NamingIt() {
        Verdict verdict = check(OriginPolicy.Config.SAME_ORIGIN, "Origin", "https://evil.example");
        assertEquals(403, verdict.status());
        assertTrue(verdict.message().contains("https://evil.example"), verdict.message());
        assertTrue(verdict.message().contains("same origin only"), verdict.message());
    }

    @Test
    void letsAHandshakeWithoutOriginInUnlessRequired() throws PolicyException {
        assertTrue(check(OriginPolicy.Config.SAME_ORIGIN).passed());
        OriginPolicy.Config required = (OriginPolicy.Config) PolicyRegistry.parse("origin", Map.of("required", "true"));
        assertEquals(403, check(required).status());
    }

    @Test
    void matchesWildcardsOnlyWhereTheyAre() throws PolicyException {
        OriginPolicy.Config config = allow("https://*.example.com, http://localhost:3000");
        assertTrue(check(config, "Origin", "https://app.example.com").passed());
        assertTrue(check(config, "Origin", "http://localhost:3000").passed());
        assertFalse(check(config, "Origin", "https://example.com.evil.org").passed());
        assertFalse(check(config, "Origin", "http://localhost:3001").passed());
        assertFalse(check(config, "Origin", "https://app.example.com.evil.org").passed());
        assertTrue(check(allow("*"), "Origin", "https://anything.example").passed());
    }

    @Test
    void doesNotEchoControlCharactersOfAnOriginBack() {
        Verdict verdict = check(OriginPolicy.Config.SAME_ORIGIN, "Origin", "https://x\u0007.example");
        assertFalse(verdict.message().contains("\u0007"));
    }

    @Test
    void refusesSomethingThatIsNotAnOrigin() {
        PolicyException e = assertThrows(PolicyException.class, () -> allow("app.example.com"));
        assertTrue(e.problems().get(0).message().contains("scheme://host"), e.getMessage());
        assertThrows(PolicyException.class, () -> allow("https://app.example.com/path"));
    }
}
