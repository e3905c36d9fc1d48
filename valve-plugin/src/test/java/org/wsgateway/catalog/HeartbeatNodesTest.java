package org.wsgateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsgateway.policy.registry.PolicyRegistry;
import org.wsgateway.store.JdbcCatalogStore;
import org.wsgateway.store.NodeHeartbeats;
import org.wsgateway.store.TesterPostgres;

/** {@link HeartbeatNodes} on a real PostgreSQL: this node once and as it is now, others up or down, and an outage. */
class HeartbeatNodesTest {

    @TempDir
    Path base;

    @Test
    void listsThisNodeOnceAndTheOthersByTheirHeartbeatAndKeepsTheLastListWhileTheDatabaseIsAway() throws Exception {
        try (TesterPostgres pg = TesterPostgres.start()) {
            // The schema, as a node's store makes it at start.
            JdbcCatalogStore store = new JdbcCatalogStore(pg.dataSource(), "jdbc/wsgateway", "n", base,
                    PolicyRegistry::parse);
            store.prepare(null, "conf/ws-gateway.xml");
            store.close();
            NodeStatus self = Gateways.self();
            pg.execute("INSERT INTO wsg_node VALUES ('old', now(), now() - interval '1 hour', 3)",
                    "INSERT INTO wsg_node VALUES ('peer', now(), now(), 7)",
                    "INSERT INTO wsg_node VALUES ('" + self.name() + "', now(), now() - interval '1 hour', 99)");
            HeartbeatNodes nodes = new HeartbeatNodes(new NodeHeartbeats(pg.dataSource()), Duration.ofHours(1),
                    Duration.ofSeconds(15));
            try {
                nodes.beat();
                List<NodeStatus> listed = nodes.nodes(self);
                assertEquals(List.of(self.name(), "old", "peer"), listed.stream().map(NodeStatus::name).toList());
                assertEquals(self, listed.get(0), "this node as it is now, not its stored row");
                assertEquals(new NodeStatus("old", NodeStatus.DOWN, 3, listed.get(1).lastSeen(), false), listed.get(1));
                assertEquals(new NodeStatus("peer", NodeStatus.UP, 7, listed.get(2).lastSeen(), false), listed.get(2));
                assertEquals(1, count(pg, "SELECT count(*) FROM wsg_node WHERE name = '" + self.name()
                        + "' AND connections = " + self.connections() + " AND heartbeat > now() - interval '1 minute'"),
                        "this node's beat is written");

                pg.stopServer();
                nodes.beat();
                assertEquals(3, nodes.nodes(self).size(), "the list read last stays while the database is away");
                assertTrue(nodes.nodes(self).stream().anyMatch(n -> n.name().equals("peer")));
            } finally {
                nodes.close();
            }
        }
    }

    private static long count(TesterPostgres pg, String sql) throws Exception {
        try (var c = pg.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
