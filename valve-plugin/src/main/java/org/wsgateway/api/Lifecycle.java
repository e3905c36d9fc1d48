package org.wsgateway.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an API is in its life. Only {@link #PUBLISHED} and {@link #DEPRECATED} APIs accept connections; a
 * {@link #BLOCKED} API answers handshakes with 503 (its live sockets are closed with 1008), a {@link #RETIRED} one
 * with 404 (its live sockets closed with 1001), and a {@link #CREATED} one does not exist for clients yet.
 *
 * <pre>
 * CREATED --publish--> PUBLISHED --deprecate--> DEPRECATED --retire--> RETIRED
 *                      PUBLISHED/DEPRECATED --block--> BLOCKED --unblock--> (the state it was blocked in)
 * </pre>
 */
public enum Lifecycle {
    CREATED, PUBLISHED, DEPRECATED, BLOCKED, RETIRED;

    /** Whether clients may connect. */
    public boolean reachable() {
        return this == PUBLISHED || this == DEPRECATED;
    }

    /** Whether the gateway knows the API's path at all (to answer 503 or 404 rather than pass the request on). */
    public boolean routed() {
        return this != CREATED;
    }

    /** The actions possible from this state, in the order a publisher would consider them. */
    public List<String> actions() {
        return switch (this) {
            case CREATED -> List.of("publish");
            case PUBLISHED -> List.of("deprecate", "block");
            case DEPRECATED -> List.of("retire", "block");
            case BLOCKED -> List.of("unblock");
            case RETIRED -> List.of();
        };
    }

    /**
     * The state an action leads to, if the action is allowed here.
     *
     * @param blockedFrom for {@code unblock}: the state the API was blocked in
     */
    public Optional<Lifecycle> after(String action, Lifecycle blockedFrom) {
        if (!actions().contains(action.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(switch (action.toLowerCase(Locale.ROOT)) {
            case "publish" -> PUBLISHED;
            case "deprecate" -> DEPRECATED;
            case "retire" -> RETIRED;
            case "block" -> BLOCKED;
            default -> blockedFrom == null ? PUBLISHED : blockedFrom;
        });
    }
}
