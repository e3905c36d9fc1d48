package org.wsgateway.admin.rest;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.wsgateway.catalog.Gateways;
import org.wsgateway.catalog.NodeStatus;

/**
 * {@code GET /nodes}: the nodes of the cluster as {@link Gateways#nodes()} knows them (this node alone without a
 * database), each with its state, live connections, last heartbeat and whether it is the node that answers, and the
 * totals: nodes, nodes up and the connections of the nodes up. Read-only, for anyone signed in, like
 * {@code GET /gateways}.
 */
final class NodeResources {

    private NodeResources() {
    }

    static void nodes(Exchange x) throws Problem, IOException {
        RestServlet.methods(x, "GET");
        if (x.segment(1) != null) {
            throw Problem.notFound("no such resource: " + x.request.getRequestURI());
        }
        x.send(200, view(Gateways.nodes()), null);
    }

    /** The body of {@code GET /nodes} for these nodes. */
    static ObjectNode view(List<NodeStatus> nodes) {
        ObjectNode body = Views.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("nodes");
        int up = 0;
        long connections = 0;
        for (NodeStatus n : nodes) {
            items.addObject().put("name", n.name()).put("state", n.state()).put("connections", n.connections())
                    .put("lastSeen", n.lastSeen().toString()).put("self", n.self());
            if (n.up()) {
                up++;
                connections += n.connections();
            }
        }
        body.putObject("total").put("nodes", nodes.size()).put("up", up).put("connections", connections);
        return body;
    }
}
