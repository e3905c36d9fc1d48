package org.wsgateway.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.wsgateway.api.PolicyProblem;

/**
 * The text settings of one policy while its config is being built: typed reads that record a problem for each
 * bad value (instead of stopping at the first), and a check for unknown settings.
 */
public final class PolicySettings {

    private final String policy;
    private final Map<String, String> values;
    private final List<PolicyProblem> problems;

    PolicySettings(String policy, Map<String, String> values, List<PolicyProblem> problems) {
        this.policy = policy;
        this.values = values;
        this.problems = problems;
    }

    /** Reports every setting not in {@code known}. */
    public void only(Set<String> known) {
        values.keySet().stream().filter(k -> !known.contains(k)).sorted()
                .forEach(k -> problem(k, "unknown setting (known: " + known.stream().sorted().toList() + ")"));
    }

    /** The parsed value, or {@code defaultValue} if the setting is absent or bad (then a problem is recorded). */
    public <T> T get(String key, Function<String, T> parser, T defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return defaultValue;
        }
    }

    /** Whether any of the settings is given (well or badly). */
    public boolean hasAny(String... keys) {
        for (String key : keys) {
            if (values.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    public void problem(String key, String message) {
        problems.add(new PolicyProblem(policy, key, message));
    }

    /**
     * Settings as text for {@link PolicyConfig#settings()}: names and values in turn, in the order given; a value
     * is written with {@link String#valueOf(Object)}, {@code null} as {@code ""}.
     */
    public static Map<String, String> text(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values in pairs");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            settings.put((String) namesAndValues[i], value == null ? "" : String.valueOf(value));
        }
        return Collections.unmodifiableMap(settings);
    }
}
