package org.wsgateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.store.CatalogXml;
import org.wsgateway.store.XmlFileStore;

class GatewaysTest {

    @TempDir
    Path dir;

    @AfterEach
    void detachAll() {
        Gateways.running().keySet().forEach(Gateways::detach);
    }

    private CatalogService attach(String name, String node, Map<String, Integer> connections) throws Exception {
        Path file = dir.resolve("ws-gateway.xml");
        Gateways.Status status = new Gateways.Status() {
            @Override
            public String serves() {
                return "Host 'localhost'";
            }

            @Override
            public Map<String, Integer> connectionsByApi() {
                return connections;
            }
        };
        if (!Files.exists(file)) {
            Files.writeString(file, "<ws-gateway/>");
        }
        return Gateways.attach(name, node, file, Duration.ZERO, status, () -> new CatalogService(
                new XmlFileStore(file, "ws-gateway.xml", dir,
                        PolicyRegistry::parse),
                new AuditLog(null, Clock.systemUTC()),
                new Etags(new CatalogXml(dir)),
                PolicyRegistry::parse));
    }

    @Test
    void listsOnlyThisNodeUpWithTheConnectionsOfEveryRunningGatewayByDefault() throws Exception {
        attach("a", "node-1", Map.of("chat", 2, "quotes", 3));
        attach("b", "node-1", Map.of("chat", 4));
        Instant before = Instant.now();

        List<NodeStatus> nodes = Gateways.nodes();

        assertEquals(1, nodes.size(), nodes.toString());
        NodeStatus self = nodes.get(0);
        assertEquals("node-1", self.name());
        assertEquals(NodeStatus.UP, self.state());
        assertEquals(9, self.connections());
        assertTrue(self.self());
        assertFalse(self.lastSeen().isBefore(before));
        assertEquals("node-1", Gateways.nodeName());
    }

    @Test
    void refusesAGatewayOfAnotherNodeNamingBoth() throws Exception {
        attach("a", "node-1", Map.of());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> attach("b", "node-2", Map.of()));

        assertTrue(e.getMessage().contains("'node-2'") && e.getMessage().contains("'node-1'"), e.getMessage());
        assertEquals(List.of("a"), List.copyOf(Gateways.running().keySet()));
    }

    @Test
    void asksThePluggedSourceWithThisNodesStatusUntilTheLastGatewayStops() throws Exception {
        attach("a", "node-1", Map.of("chat", 1));
        NodeStatus other = new NodeStatus("node-2", NodeStatus.DOWN, 0, Instant.EPOCH, false);
        Gateways.nodeSource(self -> List.of(self, other));

        List<NodeStatus> nodes = Gateways.nodes();

        assertEquals(List.of("node-1", "node-2"), nodes.stream().map(NodeStatus::name).toList());
        assertEquals(1, nodes.get(0).connections());
        Gateways.detach("a");
        assertEquals(1, Gateways.nodes().size(), "the default source again");
    }

    @Test
    void namesANodeAfterTheHostWhileNoGatewayRuns() {
        assertEquals(Gateways.defaultNodeName(), Gateways.nodeName());
        assertFalse(Gateways.nodeName().isBlank());
    }

    @Test
    void refusesAStateOtherThanUpOrDown() {
        assertThrows(IllegalArgumentException.class,
                () -> new NodeStatus("n", "sleeping", 0, Instant.EPOCH, false));
    }

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
