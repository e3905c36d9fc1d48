package org.wsgateway.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.wsgateway.policy.auth.JwtPolicy;
import org.wsgateway.policy.auth.KeyAuthPolicy;
import org.wsgateway.policy.auth.OpenPolicy;
import org.wsgateway.policy.limit.ConnectionLimitPolicy;
import org.wsgateway.policy.limit.HandshakeRatePolicy;
import org.wsgateway.policy.observe.BackendIdentityPolicy;
import org.wsgateway.policy.restrict.IpFilterPolicy;
import org.wsgateway.policy.restrict.JsonSchemaPolicy;
import org.wsgateway.policy.restrict.OriginPolicy;
import org.wsgateway.policy.restrict.SizeLimitPolicy;

/**
 * The policies an API declares, as validated configs in declaration order. Which policies exist is fixed here: each
 * name maps to the parser of its config.
 *
 * @param configs at most one config per policy name
 */
public record Policies(List<PolicyConfig> configs) {

    /** No policy declared (the gateway still applies its defaults: API keys, the same-origin check). */
    public static final Policies NONE = new Policies(List.of());

    private static final Map<String, Function<PolicySettings, PolicyConfig>> TYPES = types();

    private static Map<String, Function<PolicySettings, PolicyConfig>> types() {
        Map<String, Function<PolicySettings, PolicyConfig>> types = new LinkedHashMap<>();
        types.put(KeyAuthPolicy.NAME, KeyAuthPolicy.Config::parse);
        types.put(JwtPolicy.NAME, JwtPolicy.Config::parse);
        types.put(OpenPolicy.NAME, OpenPolicy.Config::parse);
        types.put(OriginPolicy.NAME, OriginPolicy.Config::parse);
        types.put(IpFilterPolicy.NAME, IpFilterPolicy.Config::parse);
        types.put(SizeLimitPolicy.NAME, SizeLimitPolicy.Config::parse);
        types.put(JsonSchemaPolicy.NAME, JsonSchemaPolicy.Config::parse);
        types.put(ConnectionLimitPolicy.NAME, ConnectionLimitPolicy.Config::parse);
        types.put(HandshakeRatePolicy.NAME, HandshakeRatePolicy.Config::parse);
        types.put(BackendIdentityPolicy.NAME, BackendIdentityPolicy.Config::parse);
        return types;
    }

    public Policies {
        configs = List.copyOf(configs);
    }

    /** The names of every policy there is, in documentation order. */
    public static Set<String> names() {
        return TYPES.keySet();
    }

    /**
     * Builds configs from text settings.
     *
     * @param declared policy name to its settings, in declaration order
     * @throws PolicyException naming every unknown policy and every bad setting
     */
    public static Policies parse(Map<String, Map<String, String>> declared) throws PolicyException {
        List<PolicyProblem> problems = new ArrayList<>();
        List<PolicyConfig> configs = new ArrayList<>();
        declared.forEach((name, settings) -> {
            Function<PolicySettings, PolicyConfig> parser = TYPES.get(name);
            if (parser == null) {
                problems.add(new PolicyProblem(name, "", "no such policy (known: " + String.join(", ", names())
                        + ")"));
                return;
            }
            int before = problems.size();
            PolicyConfig config = parser.apply(new PolicySettings(name, settings, problems));
            if (problems.size() == before) {
                configs.add(config);
            }
        });
        if (declared.containsKey(OpenPolicy.NAME) && configs.stream()
                .anyMatch(c -> c.concern() == Concern.AUTHENTICATE && !c.name().equals(OpenPolicy.NAME))) {
            problems.add(new PolicyProblem(OpenPolicy.NAME, "", "an open API takes no credentials: remove open or "
                    + "the other authenticate policies"));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return new Policies(configs);
    }

    /** Parses one policy (for checking a single element); see {@link #parse(Map)}. */
    public static PolicyConfig parse(String name, Map<String, String> settings) throws PolicyException {
        return parse(Map.of(name, settings)).configs().get(0);
    }

    /** The config of the named policy, or {@code null}. */
    public PolicyConfig get(String name) {
        return configs.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** Text settings of every config, by name, in order: what {@link #parse(Map)} reads back. */
    public Map<String, Map<String, String>> settings() {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        configs.forEach(c -> settings.put(c.name(), c.settings()));
        return settings;
    }

    /** The same policies with {@code config} added, or replacing the config of the same name. */
    public Policies with(PolicyConfig config) {
        List<PolicyConfig> next = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PolicyConfig c : configs) {
            next.add(c.name().equals(config.name()) ? config : c);
            seen.add(c.name());
        }
        if (!seen.contains(config.name())) {
            next.add(config);
        }
        return new Policies(next);
    }
}
