package org.wsgateway.catalog;

import java.util.List;

/**
 * Where {@link Gateways#nodes()} learns the nodes of the cluster. The default, {@link #SELF}, knows only this node; a
 * shared store (a database with a heartbeat table) plugs in its own with {@link Gateways#nodeSource(NodeDirectory)}.
 *
 * <p>An implementation MUST return this node as given ({@code self}, marked so) among the nodes, MUST NOT block for
 * long (it answers REST and portal requests; read a recent snapshot, do not wait on a network) and MUST NOT throw: a
 * store it cannot reach gives {@code List.of(self)}. It MAY list nodes that are down, and MAY order them as it likes.
 */
@FunctionalInterface
public interface NodeDirectory {

    /** The directory of a node alone: only this node. */
    NodeDirectory SELF = List::of;

    /**
     * Lists the nodes of the cluster.
     *
     * @param self this node's status now
     * @return every node known, {@code self} among them
     */
    List<NodeStatus> nodes(NodeStatus self);
}
