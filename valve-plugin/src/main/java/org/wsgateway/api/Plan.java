package org.wsgateway.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A business plan (throttling tier) an API can be subscribed with, e.g. Gold or Bronze. Limits count messages in
 * both directions; 0 means no limit. Enforcement is the policies' work; the catalog only defines plans.
 *
 * @param name              unique name, e.g. {@code Gold}
 * @param description       for people
 * @param messagesPerMinute messages per minute (0: unlimited)
 * @param burst             messages allowed at once above the steady rate (0: the per-minute amount)
 * @param bytesPerSecond    bytes per second (0: unlimited)
 * @param eventsPerDay      messages per day, a quota (0: unlimited)
 * @param action            what happens above the limits: {@code shape} (slow the sender) or {@code close} (1013)
 * @param counts            which messages count: {@code both} directions (the default), {@code inbound} (from
 *                          clients) or {@code outbound} (to clients)
 * @param maxConnections    connections one subscription may hold at once (0: unlimited)
 */
public record Plan(String name, String description, long messagesPerMinute, long burst, long bytesPerSecond,
        long eventsPerDay, String action, String counts, long maxConnections) {

    public static final List<String> ACTIONS = List.of("shape", "close");
    public static final List<String> COUNTS = List.of("both", "inbound", "outbound");

    /** The tiers a new catalog starts with (after WSO2's defaults). */
    public static final List<Plan> DEFAULTS = List.of(
            new Plan("Unlimited", "No limits", 0, 0, 0, 0, "shape"),
            new Plan("Gold", "5,000 messages a minute", 5000, 500, 0, 0, "shape"),
            new Plan("Silver", "2,000 messages a minute", 2000, 200, 0, 0, "shape"),
            new Plan("Bronze", "1,000 messages a minute", 1000, 100, 0, 0, "shape"));

    public Plan {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        action = action == null ? "shape" : action.toLowerCase(Locale.ROOT);
        counts = counts == null ? "both" : counts.toLowerCase(Locale.ROOT);
    }

    /** A plan counting both directions. */
    public Plan(String name, String description, long messagesPerMinute, long burst, long bytesPerSecond,
            long eventsPerDay, String action) {
        this(name, description, messagesPerMinute, burst, bytesPerSecond, eventsPerDay, action, "both", 0);
    }

    /** A plan without a connection cap. */
    public Plan(String name, String description, long messagesPerMinute, long burst, long bytesPerSecond,
            long eventsPerDay, String action, String counts) {
        this(name, description, messagesPerMinute, burst, bytesPerSecond, eventsPerDay, action, counts, 0);
    }

    /** Whether the plan limits messages (connections aside). */
    public boolean limits() {
        return messagesPerMinute > 0 || bytesPerSecond > 0 || eventsPerDay > 0;
    }
}
