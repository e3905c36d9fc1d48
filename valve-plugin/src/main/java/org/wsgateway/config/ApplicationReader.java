package org.wsgateway.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.wsgateway.api.ApiKey;
import org.wsgateway.api.Application;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.Subscription;

/** Reads one {@code <application>} element with its {@code <subscription>} and {@code <key>} elements. */
final class ApplicationReader extends ElementReader {

    static final Set<String> KEYS = Set.of("[@id]", "[@name]", "[@owner]", "[@description]", "[@clientId]");
    static final Set<String> SUBSCRIPTION_KEYS = Set.of("[@id]", "[@api]", "[@plan]", "[@status]");
    static final Set<String> KEY_KEYS = Set.of("[@id]", "[@name]", "[@hash]", "[@prefix]", "[@created]",
            "[@expires]");

    private final List<String> problems;

    ApplicationReader(HierarchicalConfiguration<ImmutableNode> node, int position, List<String> problems) {
        super(node, "application", position, problems);
        this.problems = problems;
    }

    /** The application, or {@code null} if any of its keys has a problem. */
    Application read() {
        int before = problemCount();
        checkKeys(KEYS, Set.of(), Set.of("subscription", "key"));
        String id = required("[@id]", Function.identity());
        String name = required("[@name]", ConfigValues::name);
        String owner = required("[@owner]", Function.identity());
        String description = optional("[@description]", Function.identity(), "");
        String clientId = optional("[@clientId]", Function.identity(), null);
        List<Subscription> subscriptions = new ArrayList<>();
        List<HierarchicalConfiguration<ImmutableNode>> nodes = configurationsAt("subscription");
        for (int i = 0; i < nodes.size(); i++) {
            ElementReader r = new ElementReader(nodes.get(i), label() + " subscription", i + 1, problems);
            r.checkKeys(SUBSCRIPTION_KEYS, Set.of());
            subscriptions.add(new Subscription(r.required("[@id]", Function.identity()),
                    r.required("[@api]", Function.identity()), r.required("[@plan]", Function.identity()),
                    r.optional("[@status]", ApplicationReader::status, Subscription.ACTIVE)));
        }
        List<ApiKey> keys = new ArrayList<>();
        nodes = configurationsAt("key");
        for (int i = 0; i < nodes.size(); i++) {
            ElementReader r = new ElementReader(nodes.get(i), label() + " key", i + 1, problems);
            r.checkKeys(KEY_KEYS, Set.of());
            keys.add(new ApiKey(r.required("[@id]", Function.identity()), r.optional("[@name]", Function.identity(),
                    ""), r.required("[@hash]", ApplicationReader::hash), r.optional("[@prefix]", Function.identity(),
                    ""), r.required("[@created]", ApplicationReader::instant),
                    r.optional("[@expires]", v -> v.isBlank() ? null : instant(v), null)));
        }
        if (problemCount() > before) {
            return null;
        }
        return new Application(id, name, owner, description, subscriptions, keys, clientId);
    }

    private static String status(String value) {
        String status = value.trim().toUpperCase(Locale.ROOT);
        if (!Subscription.STATUSES.contains(status)) {
            throw new IllegalArgumentException("'" + value + "' is not a subscription status " + Subscription.STATUSES);
        }
        return status;
    }

    private static String hash(String value) {
        if (!value.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a key hash (sha256: and 64 hex digits); keys are never stored "
                    + "in clear: create them with the REST API");
        }
        return value;
    }

    static Instant instant(String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a UTC time such as 2026-01-31T12:00:00Z");
        }
    }
}
