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
 * <p>A setting whose name is {@code secret} followed by a capital letter (such as {@code backend-identity}'s
 * {@code secretSet}) is a secret: written to the catalog file and used, but write-only over the REST API, left out
 * of AsyncAPI exports, and in backups only when an admin asks for secrets.
 *
 * @param settings policy name to its settings, in declaration order
 */
public record Policies(Map<String, Map<String, String>> settings) {

    /** No policy declared (the gateway still applies its defaults: API keys, the same-origin check). */
    public static final Policies NONE = new Policies(Map.of());
    private static final String SECRET = "secret";

    public Policies {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        settings.forEach((name, values) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        settings = Collections.unmodifiableMap(copy);
    }

    /** The declared policies' names, in declaration order. */
    public Set<String> names() {
        return settings.keySet();
    }

    /** Whether a setting of that name is a secret: {@code secret} and a capital letter, e.g. {@code secretSet}. */
    public static boolean secret(String setting) {
        return setting.length() > SECRET.length() && setting.startsWith(SECRET)
                && Character.isUpperCase(setting.charAt(SECRET.length()));
    }

    /** The same policies without their {@link #secret(String) secret} settings. */
    public Policies withoutSecrets() {
        Map<String, Map<String, String>> open = new LinkedHashMap<>();
        settings.forEach((name, values) -> {
            Map<String, String> kept = new LinkedHashMap<>(values);
            kept.keySet().removeIf(Policies::secret);
            open.put(name, kept);
        });
        return new Policies(open);
    }

    /**
     * Declared settings (as a REST client sends them back, without the secrets it was never shown) with the secret
     * settings of {@code stored} put back where the declaration leaves them out; a secret given (even empty) is
     * the declaration's.
     *
     * @return a new map, policy name to its settings
     */
    public Map<String, Map<String, String>> keepingSecrets(Map<String, Map<String, String>> declared) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>();
        declared.forEach((name, values) -> {
            Map<String, String> next = new LinkedHashMap<>(values);
            Map<String, String> old = settings.getOrDefault(name, Map.of());
            old.forEach((key, value) -> {
                if (secret(key) && !value.isEmpty()) {
                    next.putIfAbsent(key, value);
                }
            });
            merged.put(name, next);
        });
        return merged;
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
