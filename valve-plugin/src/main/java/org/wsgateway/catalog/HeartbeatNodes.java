package org.wsgateway.catalog;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.wsgateway.store.NodeHeartbeats;

/**
 * The nodes of a cluster as its catalog database knows them: this node writes its heartbeat (its name and live
 * connections) every {@code every} on a thread of its own, and reads everyone's back at the same time, so that
 * {@link #nodes} answers from that snapshot without waiting on the database. A node not heard of for
 * {@code downAfter} is {@value NodeStatus#DOWN}. A database out of reach is logged once; the last snapshot stays.
 */
public final class HeartbeatNodes implements NodeDirectory, AutoCloseable {

    /** How often a node beats, by default. */
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** After how long without a beat a node is down, by default: three beats missed. */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(15);

    private static final Log log = LogFactory.getLog(HeartbeatNodes.class);

    private final NodeHeartbeats heartbeats;
    private final Duration downAfter;
    private final Instant startedAt = Instant.now();
    private final ScheduledExecutorService beater;
    private volatile List<NodeHeartbeats.Node> snapshot = List.of();
    private boolean failing;

    public HeartbeatNodes(NodeHeartbeats heartbeats, Duration every, Duration downAfter) {
        this.heartbeats = heartbeats;
        this.downAfter = downAfter;
        this.beater = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-gateway-heartbeat");
            t.setDaemon(true);
            t.setContextClassLoader(HeartbeatNodes.class.getClassLoader());
            return t;
        });
        beater.scheduleWithFixedDelay(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes this node's heartbeat and reads every node's. */
    void beat() {
        NodeStatus self = Gateways.self();
        try {
            heartbeats.beat(self.name(), startedAt, self.connections());
            snapshot = heartbeats.nodes(downAfter);
            if (failing) {
                failing = false;
                log.info("ws-gateway writes its heartbeat again");
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("ws-gateway cannot write its heartbeat (" + e.getMessage() + "); the node list shows what "
                        + "was read last");
            }
        }
    }

    @Override
    public List<NodeStatus> nodes(NodeStatus self) {
        List<NodeStatus> nodes = new ArrayList<>();
        nodes.add(self);
        for (NodeHeartbeats.Node node : snapshot) {
            if (!node.name().equals(self.name())) {
                nodes.add(new NodeStatus(node.name(), node.up() ? NodeStatus.UP : NodeStatus.DOWN,
                        node.connections(), node.heartbeat(), false));
            }
        }
        return nodes;
    }

    @Override
    public void close() {
        beater.shutdownNow();
    }
}
