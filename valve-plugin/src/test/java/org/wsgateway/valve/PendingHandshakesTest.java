package org.wsgateway.valve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Api;
import org.wsgateway.api.EndpointSettings;

class PendingHandshakesTest {

    private static final Api CHAT = new Api("Chat", "/chat", "1", EndpointSettings.of(URI.create("ws://b/")));
    private static final Api FEED = new Api("Feed", "/feed", "1", EndpointSettings.of(URI.create("ws://b/")));

    @Test
    void refusesTheHandshakeBeyondTheBoundOfItsApiOnly() {
        PendingHandshakes pending = new PendingHandshakes(2);
        assertTrue(pending.enter(CHAT));
        assertTrue(pending.enter(CHAT));
        assertFalse(pending.enter(CHAT), "a third waiting handshake of the same API");
        assertTrue(pending.enter(FEED), "another API has a bound of its own");
        assertEquals(2, pending.of(CHAT));
    }

    @Test
    void freesAPlaceWhenAHandshakeHasItsOutcome() {
        PendingHandshakes pending = new PendingHandshakes(1);
        assertTrue(pending.enter(CHAT));
        assertFalse(pending.enter(CHAT));
        pending.leave(CHAT);
        assertEquals(0, pending.of(CHAT));
        assertTrue(pending.enter(CHAT));
    }

    @Test
    void needsRoomForAtLeastOneHandshake() {
        assertThrows(IllegalArgumentException.class, () -> new PendingHandshakes(0));
    }
}
