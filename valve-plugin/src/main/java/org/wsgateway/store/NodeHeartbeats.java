package org.wsgateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The nodes of a cluster as the catalog database knows them ({@code wsg_node}): each node writes its heartbeat and
 * its live connection count now and then; a node whose heartbeat is older than the given age is down. Times are the
 * database's, so nodes' clocks need not agree.
 */
public final class NodeHeartbeats {

    /** One node as last heard of. */
    public record Node(String name, Instant heartbeat, int connections, boolean up) {
    }

    private final DataSource dataSource;

    public NodeHeartbeats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes this node's heartbeat. */
    public void beat(String node, Instant startedAt, int connections) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("INSERT INTO wsg_node (name, started_at, heartbeat, "
                        + "connections) VALUES (?, ?, now(), ?) ON CONFLICT (name) DO UPDATE SET started_at = "
                        + "EXCLUDED.started_at, heartbeat = now(), connections = EXCLUDED.connections")) {
            st.setString(1, node);
            st.setObject(2, java.sql.Timestamp.from(startedAt));
            st.setInt(3, connections);
            st.executeUpdate();
        }
    }

    /** Every node ever heard of, by name; up when heard of within {@code upWithin}. */
    public List<Node> nodes(Duration upWithin) throws SQLException {
        List<Node> nodes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT name, heartbeat, connections, "
                        + "heartbeat > now() - (? * interval '1 millisecond') FROM wsg_node ORDER BY name")) {
            st.setLong(1, upWithin.toMillis());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new Node(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return nodes;
    }
}
