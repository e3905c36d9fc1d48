package org.wsgateway.admin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.wsgateway.catalog.NodeStatus;

class NodeResourcesTest {

    @Test
    void listsEveryNodeAndTotalsTheConnectionsOfTheNodesUp() {
        Instant seen = Instant.parse("2026-12-02T12:00:00Z");
        JsonNode body = NodeResources.view(List.of(new NodeStatus("a", "up", 3, seen, true),
                new NodeStatus("b", "up", 4, seen, false), new NodeStatus("c", "down", 9, seen, false)));
        assertEquals(3, body.path("nodes").size());
        JsonNode a = body.path("nodes").get(0);
        assertEquals("a", a.path("name").asText());
        assertEquals("up", a.path("state").asText());
        assertEquals(3, a.path("connections").asInt());
        assertEquals("2026-12-02T12:00:00Z", a.path("lastSeen").asText());
        assertTrue(a.path("self").asBoolean());
        assertFalse(body.path("nodes").get(2).path("self").asBoolean());
        assertEquals("down", body.path("nodes").get(2).path("state").asText());
        assertEquals(3, body.path("total").path("nodes").asInt());
        assertEquals(2, body.path("total").path("up").asInt());
        assertEquals(7, body.path("total").path("connections").asInt(), "a down node's connections do not count");
    }
}
