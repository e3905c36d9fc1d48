package org.wsgateway.policy.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyException;
import org.wsgateway.api.Subscription;
import org.wsgateway.policy.Directory;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterClock;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyRegistry;

class KeyAuthPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String KEY = ApiKey.generate();
    private static final String EXPIRED = ApiKey.generate();
    private static final String OTHER = ApiKey.generate();
    private static final Api API = TesterUpgrades.API.withPolicies(Policies.NONE);

    private final PolicyState state = new PolicyState(new TesterClock(), Clock.fixed(NOW, ZoneOffset.UTC));

    KeyAuthPolicyTest() {
        Api api = new Api(API.id(), API.name(), API.context(), API.version(), "", API.endpoint(),
                API.lifecycle(), null, List.of("Gold"), List.of(), false);
        Application subscribed = new Application("app-1", "Mobile", "sam", "",
                List.of(new Subscription("sub-1", api.id(), "Gold", Subscription.ACTIVE)),
                List.of(key("k1", KEY, null), key("k2", EXPIRED, NOW.minusSeconds(1))));
        Application lonely = new Application("app-2", "Lonely", "sam", "", List.of(), List.of(key("k3", OTHER, null)));
        state.directory(Directory.of(new Catalog(List.of(api), Plan.DEFAULTS, Catalog.EMPTY.gateways(),
                List.of(subscribed, lonely))));
    }

    private static ApiKey key(String id, String secret, Instant expires) {
        return new ApiKey(id, "", ApiKey.hash(secret), ApiKey.prefixOf(secret), NOW.minusSeconds(3600), expires);
    }

    private Verdict check(Policy policy, UpgradeRequest upgrade) {
        return policy.onHandshake(upgrade);
    }

    private Policy defaults() {
        return KeyAuthPolicy.TYPE.create(KeyAuthPolicy.Config.DEFAULT, state);
    }

    @Test
    void identifiesTheApplicationSubscriptionAndPlanOfAValidKey() {
        UpgradeRequest upgrade = TesterUpgrades.from("10.0.0.1", "apikey", KEY);
        assertTrue(check(defaults(), upgrade).passed());
        assertEquals("app-1", upgrade.identity().application());
        assertEquals("sub-1", upgrade.identity().subscription());
        assertEquals("k1", upgrade.identity().key());
        assertEquals("Gold", upgrade.identity().plan().name());
        assertEquals(List.of("apikey"), upgrade.credentialHeaders(), "the key does not reach the backend");
    }

    @Test
    void takesTheKeyFromTheQueryAndRedactsIt() {
        UpgradeRequest upgrade = new UpgradeRequest(API, "", "10.0.0.1", false, Map.of(), "room=7&apikey=" + KEY + "&x");
        assertTrue(check(defaults(), upgrade).passed());
        assertEquals("room=7&x", upgrade.backendQuery());
        assertEquals("room=7&apikey=***&x", upgrade.redactedQuery());
    }

    @Test
    void passesTheKeyOnOnlyWhenConfigured() throws PolicyException {
        Policy passOn = PolicyRegistry.create("key-auth", Map.of("passOn", "true"), state);
        UpgradeRequest upgrade = new UpgradeRequest(API, "", "10.0.0.1", false, Map.of("apikey", List.of(KEY)),
                "apikey=" + KEY);
        assertTrue(check(passOn, upgrade).passed());
        assertEquals(List.of(), upgrade.credentialHeaders());
        assertEquals("apikey=" + KEY, upgrade.backendQuery());
        assertEquals("apikey=***", upgrade.redactedQuery(), "logs never see it");
    }

    @Test
    void refusesAMissingUnknownOrExpiredKeyWith401() {
        Verdict missing = check(defaults(), TesterUpgrades.from("10.0.0.1"));
        assertEquals(401, missing.status());
        assertEquals("ApiKey realm=\"/chat/1\", header=\"apikey\"", missing.headers().get("WWW-Authenticate"));
        assertTrue(missing.message().contains("apikey header or the apikey query parameter"), missing.message());
        assertEquals(401, check(defaults(), TesterUpgrades.from("10.0.0.1", "apikey", "wsg_nope")).status());
        Verdict expired = check(defaults(), TesterUpgrades.from("10.0.0.1", "apikey", EXPIRED));
        assertEquals(401, expired.status());
        assertTrue(expired.message().contains("expired"), expired.message());
        assertFalse(expired.message().contains(EXPIRED), "never echoes a key");
    }

    @Test
    void refusesAKeyWhoseApplicationIsNotSubscribedWith403() {
        UpgradeRequest upgrade = TesterUpgrades.from("10.0.0.1", "apikey", OTHER);
        Verdict verdict = check(defaults(), upgrade);
        assertEquals(403, verdict.status());
        assertTrue(verdict.message().contains("Lonely"), verdict.message());
        assertNull(upgrade.identity());
    }

    @Test
    void readsTheKeyFromTheConfiguredHeaderOnlyWhenTheQueryIsTurnedOff() throws PolicyException {
        Policy headerOnly = PolicyRegistry.create("key-auth", Map.of("header", "x-api-key", "query", ""), state);
        assertTrue(check(headerOnly, TesterUpgrades.from("10.0.0.1", "X-Api-Key", KEY)).passed());
        UpgradeRequest inQuery = new UpgradeRequest(API, "", "10.0.0.1", false, Map.of(), "apikey=" + KEY);
        Verdict verdict = check(headerOnly, inQuery);
        assertEquals(401, verdict.status());
        assertFalse(verdict.message().contains("query"), verdict.message());
    }
}
