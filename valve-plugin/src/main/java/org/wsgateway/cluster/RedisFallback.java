package org.wsgateway.cluster;

import java.util.Locale;

/**
 * What a gateway does with its cluster-wide limits while its Redis cannot be reached (valve attribute
 * {@code redisFallback}). Either way the outage is logged once, counted ({@code redis.outages}) and ends by itself when
 * Redis answers again, and rates (handshake rates, plans' messages, bytes and events) are counted per node, divided by
 * the live nodes.
 */
public enum RedisFallback {

    /**
     * Counts on this node, each limit divided by the nodes that were alive when Redis was last seen (at least one
     * each): a cap of 10 connections on two nodes allows 5 on each. Nothing is refused only because Redis is down.
     */
    LOCAL,

    /**
     * Refuses the handshakes that a connection cap would count (per API, address or application, or a plan's
     * {@code maxConnections}) with {@code 503} and {@code Retry-After}: a cap is never exceeded, at the price of new
     * connections. Open connections go on, and rates (handshake rates, plans' message limits) are counted as with
     * {@link #LOCAL}.
     */
    REFUSE;

    /** Reads {@code local} or {@code refuse}. */
    public static RedisFallback parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "local" -> LOCAL;
            case "refuse" -> REFUSE;
            default -> throw new IllegalArgumentException("redisFallback must be 'local' (count per node, divided by "
                    + "the live nodes) or 'refuse' (503 for handshakes a connection cap would count), not '" + value
                    + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
