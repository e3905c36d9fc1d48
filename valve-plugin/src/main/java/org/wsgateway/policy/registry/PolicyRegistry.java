package org.wsgateway.policy.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.wsgateway.api.Api;
import org.wsgateway.api.ConfigValues;
import org.wsgateway.api.Policies;
import org.wsgateway.api.PolicyException;
import org.wsgateway.api.PolicyProblem;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.PolicyChain;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.auth.JwtPolicy;
import org.wsgateway.policy.auth.KeyAuthPolicy;
import org.wsgateway.policy.auth.OpenPolicy;
import org.wsgateway.policy.limit.ConnectionLimitPolicy;
import org.wsgateway.policy.limit.HandshakeRatePolicy;
import org.wsgateway.policy.limit.PlanLimits;
import org.wsgateway.policy.observe.BackendIdentityPolicy;
import org.wsgateway.policy.restrict.IpFilterPolicy;
import org.wsgateway.policy.restrict.JsonSchemaPolicy;
import org.wsgateway.policy.restrict.OriginPolicy;
import org.wsgateway.policy.restrict.SizeLimitPolicy;

/**
 * Every policy there is, and the defaults the gateway applies without being asked. Adding a policy means one class
 * in its family with its {@link PolicyType}, its page in {@code docs/policies/}, and one line in {@link #TYPES}.
 *
 * <p>The defaults: {@code key-auth} when an API declares no authenticate policy (anonymous access only with
 * {@code open}); {@code origin} with its same-origin default, so a page on another site cannot open a socket with a
 * visitor's cookies (cross-site WebSocket hijacking); and the business plan of the caller's subscription, on every
 * message, after the declared limits.
 */
public final class PolicyRegistry {

    /** Every type, in documentation order. */
    private static final List<PolicyType<?>> TYPES = List.of(
            KeyAuthPolicy.TYPE,
            JwtPolicy.TYPE,
            OpenPolicy.TYPE,
            OriginPolicy.TYPE,
            IpFilterPolicy.TYPE,
            SizeLimitPolicy.TYPE,
            JsonSchemaPolicy.TYPE,
            ConnectionLimitPolicy.TYPE,
            HandshakeRatePolicy.TYPE,
            BackendIdentityPolicy.TYPE);

    private static final Map<String, PolicyType<?>> BY_NAME = byName();

    private PolicyRegistry() {
    }

    private static Map<String, PolicyType<?>> byName() {
        Map<String, PolicyType<?>> types = new LinkedHashMap<>();
        TYPES.forEach(t -> types.put(t.name(), t));
        return types;
    }

    /** The names of every policy there is, in documentation order. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The named type, or {@code null}. */
    public static PolicyType<?> type(String name) {
        return BY_NAME.get(name);
    }

    /**
     * Checks declared policies and writes each setting out in its normal form.
     *
     * @param declared policy name to its text settings, in declaration order
     * @throws PolicyException naming every unknown policy and every bad setting
     */
    public static Policies parse(Map<String, Map<String, String>> declared) throws PolicyException {
        Map<String, Map<String, String>> normal = new LinkedHashMap<>();
        configs(declared).forEach((type, config) -> normal.put(type.name(), config.settings()));
        return new Policies(normal);
    }

    /** Parses one policy (for checking a single element or a test); see {@link #parse(Map)}. */
    public static PolicyConfig parse(String name, Map<String, String> settings) throws PolicyException {
        return configs(Map.of(name, settings)).values().iterator().next();
    }

    /** The runtime policy of one declared policy: {@link #parse(String, Map)}, then its type's factory. */
    public static org.wsgateway.policy.Policy create(String name, Map<String, String> settings, PolicyState state)
            throws PolicyException {
        return BY_NAME.get(name).create(parse(name, settings), state);
    }

    /** Whether an API with these policies takes anonymous callers ({@code open}). */
    public static boolean anonymous(Policies policies) {
        return policies.has(OpenPolicy.NAME);
    }

    /** Whether an API with these policies takes bearer tokens ({@code jwt}). */
    public static boolean bearer(Policies policies) {
        return policies.has(JwtPolicy.NAME);
    }

    /**
     * The API keys an API with these policies takes: its {@code key-auth} settings, the default's when it declares
     * no authenticate policy, or {@code null} when it authenticates otherwise.
     */
    public static KeyAuthPolicy.Config keyAuth(Policies policies) {
        if (policies.has(KeyAuthPolicy.NAME)) {
            try {
                return (KeyAuthPolicy.Config) parse(KeyAuthPolicy.NAME, policies.get(KeyAuthPolicy.NAME));
            } catch (PolicyException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        boolean authenticates = policies.names().stream().map(BY_NAME::get)
                .anyMatch(t -> t != null && t.concern() == Concern.AUTHENTICATE);
        return authenticates ? null : KeyAuthPolicy.Config.DEFAULT;
    }

    /** The chain of the API's declared policies plus the defaults; its shared state lives in {@code state}. */
    public static PolicyChain chain(Api api, PolicyState state) {
        Map<PolicyType<?>, PolicyConfig> configs;
        try {
            configs = configs(api.policies().settings());
        } catch (PolicyException e) {
            // Policies reach an API only through parse(): settings that no longer parse (a schema file removed
            // since) make this API fail its upgrades with 500 rather than run without them.
            throw new IllegalStateException(api.label() + ": " + e.getMessage(), e);
        }
        if (configs.keySet().stream().noneMatch(t -> t.concern() == Concern.AUTHENTICATE)) {
            configs.put(KeyAuthPolicy.TYPE, KeyAuthPolicy.Config.DEFAULT);
        }
        configs.putIfAbsent(OriginPolicy.TYPE, OriginPolicy.Config.SAME_ORIGIN);
        List<PolicyChain.Link> links = new ArrayList<>();
        configs.forEach((type, config) -> links.add(new PolicyChain.Link(type.name(), type.concern(),
                type.create(config, state))));
        // Business plans come with subscriptions: after the declared limits (the sort is stable), for every API.
        links.add(new PolicyChain.Link(PlanLimits.NAME, Concern.LIMIT, new PlanLimits(state)));
        return PolicyChain.of(links);
    }

    private static Map<PolicyType<?>, PolicyConfig> configs(Map<String, Map<String, String>> declared)
            throws PolicyException {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<PolicyType<?>, PolicyConfig> configs = new LinkedHashMap<>();
        declared.forEach((name, settings) -> {
            PolicyType<?> type = BY_NAME.get(name);
            if (type == null) {
                problems.add(new PolicyProblem(name, "", "no such policy (known: " + String.join(", ", names())
                        + ")"));
                return;
            }
            int before = problems.size();
            settings.forEach((key, value) -> {
                try {
                    ConfigValues.storable(value == null ? "" : value);
                } catch (IllegalArgumentException e) {
                    problems.add(new PolicyProblem(name, key, e.getMessage()));
                }
            });
            if (problems.size() > before) {
                return;
            }
            PolicyConfig config = type.parse(settings, problems);
            if (problems.size() == before) {
                configs.put(type, config);
            }
        });
        if (declared.containsKey(OpenPolicy.NAME) && configs.keySet().stream()
                .anyMatch(t -> t.concern() == Concern.AUTHENTICATE && t != OpenPolicy.TYPE)) {
            problems.add(new PolicyProblem(OpenPolicy.NAME, "", "an open API takes no credentials: remove open or "
                    + "the other authenticate policies"));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return configs;
    }
}
