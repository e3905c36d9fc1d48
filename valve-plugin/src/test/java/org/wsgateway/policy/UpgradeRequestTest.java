package org.wsgateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;

class UpgradeRequestTest {

    private static final Api FIXED = new Api("Feed", "/feed", "1",
            EndpointSettings.of(URI.create("ws://127.0.0.1:1/x?feed=eu&format=json")));

    private static UpgradeRequest to(Api api, String query) {
        return new UpgradeRequest(api, "", "10.0.0.1", false, Map.of(), query);
    }

    @Test
    void dropsTheClientsParametersOfNamesTheEndpointFixes() {
        UpgradeRequest upgrade = to(FIXED, "feed=us&room=7&Format=xml&fe%65d=asia&feed&x=feed");
        assertEquals("room=7&x=feed", upgrade.backendQuery());
        assertEquals("feed=us&room=7&Format=xml&fe%65d=asia&feed&x=feed", upgrade.redactedQuery(),
                "the log shows what the client sent");
    }

    @Test
    void leavesNothingWhenTheClientOnlyRepeatsFixedParameters() {
        assertNull(to(FIXED, "feed=us").backendQuery());
    }

    @Test
    void dropsCredentialsAndFixedParametersTogether() {
        UpgradeRequest upgrade = to(FIXED, "apikey=secret&feed=us&room=7");
        upgrade.credential(null, "apikey", false);
        assertEquals("room=7", upgrade.backendQuery());
        assertEquals("apikey=***&feed=us&room=7", upgrade.redactedQuery());
    }

    @Test
    void passesTheQueryAsItCameWhenTheEndpointFixesNothing() {
        assertEquals("feed=us&feed=eu", to(TesterUpgrades.API, "feed=us&feed=eu").backendQuery());
    }
}
