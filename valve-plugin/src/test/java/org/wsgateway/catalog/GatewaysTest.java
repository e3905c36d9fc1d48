package org.wsgateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GatewaysTest {

    @Test
    void publishesOnlyThePublicHalfOfTheBackendKey() {
        String keys = Gateways.backendKeys();

        assertTrue(keys.contains("\"kty\":\"RSA\""), keys);
        assertFalse(keys.contains("\"d\""), "never the private key");
    }

    @Test
    void publishesTheSameKeyEveryTime() {
        assertEquals(Gateways.backendKeys(), Gateways.backendKeys());
    }
}
