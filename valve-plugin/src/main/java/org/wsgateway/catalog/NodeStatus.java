package org.wsgateway.catalog;

import java.time.Instant;
import java.util.Objects;

/**
 * One node (one Tomcat running ws-gateway valves) of the cluster as a {@link NodeDirectory} sees it.
 *
 * @param name        the node's name: the valves' {@code node} attribute, by default the Engine's {@code jvmRoute}
 *                    or else the host name
 * @param state       {@value #UP} when the node is alive, {@value #DOWN} when it stopped beating
 * @param connections the node's live relayed connections, over all its gateways, when it was last seen
 * @param lastSeen    when the node last told its state (for this node: now)
 * @param self        whether it is the node answering, the one this JVM runs
 */
public record NodeStatus(String name, String state, int connections, Instant lastSeen, boolean self) {

    /** The state of a node that is alive. */
    public static final String UP = "up";
    /** The state of a node that is not (or no longer) seen alive. */
    public static final String DOWN = "down";

    /** Checks the components: a name, a state of {@value #UP} or {@value #DOWN}, no negative count. */
    public NodeStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (!UP.equals(state) && !DOWN.equals(state)) {
            throw new IllegalArgumentException("a node's state is '" + UP + "' or '" + DOWN + "', not '" + state + "'");
        }
        if (connections < 0) {
            throw new IllegalArgumentException("a node cannot have " + connections + " connections");
        }
    }

    /** Whether the node is {@value #UP}. */
    public boolean up() {
        return UP.equals(state);
    }
}
