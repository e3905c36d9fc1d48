package org.wsgateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.Catalog;
import org.wsgateway.api.Plan;
import org.wsgateway.api.Subscription;

class DirectoryTest {

    private static final String SECRET = ApiKey.generate();
    private static final ApiKey KEY = new ApiKey("k", "", ApiKey.hash(SECRET), ApiKey.prefixOf(SECRET),
            Instant.EPOCH, null);
    private static final Subscription SUBSCRIPTION = new Subscription("s", "api", "Gold", Subscription.ACTIVE);
    private static final Application APP = new Application("a", "App", "sam", "", List.of(SUBSCRIPTION), List.of(KEY));
    private static final Identity WHO = new Identity("a", "App", "sam", "s", "k", null);

    private static Directory of(Application... apps) {
        return Directory.of(new Catalog(List.of(), Plan.DEFAULTS, Catalog.EMPTY.gateways(), List.of(apps)));
    }

    @Test
    void findsAKeyByItsHashOnly() {
        assertEquals("a", of(APP).holderOf(SECRET).orElseThrow().application().id());
        assertTrue(of(APP).holderOf(KEY.hash()).isEmpty(), "the stored hash is not a key");
        assertTrue(SECRET.startsWith("wsg_") && SECRET.length() == 47, SECRET);
    }

    @Test
    void saysWhyALiveConnectionMustEnd() {
        assertNull(of(APP).revoked(WHO));
        assertEquals("API key revoked", of(APP.withoutKey("k")).revoked(WHO));
        assertEquals("subscription removed", of(APP.withoutSubscription("s")).revoked(WHO));
        assertEquals("subscription blocked", of(APP.withSubscription(new Subscription("s", "api", "Gold",
                Subscription.BLOCKED))).revoked(WHO));
        assertEquals("application deleted", of().revoked(WHO));
        assertNull(of(APP.withoutKey("k")).revoked(new Identity("a", "App", "sam", "s", null, null)),
                "a caller without a key is not affected by key revocations");
    }
}
