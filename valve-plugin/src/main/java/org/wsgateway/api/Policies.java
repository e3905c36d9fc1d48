package org.wsgateway.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The policies an API declares: each policy's name with its settings as text, in declaration order. A value of the
 * catalog like the rest of {@link Api}; which names and settings are valid is the policy registry's business
 * ({@code org.wsgateway.policy.registry.PolicyRegistry}), which builds every instance that reaches a catalog, with
 * each setting written out in its normal form (so equal policies give equal values and the same file).
 *
 * @param settings policy name to its settings, in declaration order
 */
public record Policies(Map<String, Map<String, String>> settings) {

    /** No policy declared (the gateway still applies its defaults: API keys, the same-origin check). */
    public static final Policies NONE = new Policies(Map.of());

    public Policies {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        settings.forEach((name, values) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        settings = Collections.unmodifiableMap(copy);
    }

    /** The declared policies' names, in declaration order. */
    public Set<String> names() {
        return settings.keySet();
    }

    /** Whether no policy is declared. */
    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** Whether the named policy is declared. */
    public boolean has(String name) {
        return settings.containsKey(name);
    }

    /** The settings of the named policy, or {@code null} when it is not declared. */
    public Map<String, String> get(String name) {
        return settings.get(name);
    }

    /** The same policies with {@code name} added at the end, or its settings replaced where it was. */
    public Policies with(String name, Map<String, String> values) {
        Map<String, Map<String, String>> next = new LinkedHashMap<>(settings);
        next.put(name, values);
        return new Policies(next);
    }
}
