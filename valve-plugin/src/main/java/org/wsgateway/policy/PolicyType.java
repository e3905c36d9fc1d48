package org.wsgateway.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.wsgateway.api.PolicyProblem;

/**
 * One kind of policy, declared once next to its class: its kebab-case name (its element in the file, its key over
 * REST), its {@link Concern} (which fixes when it runs), how its text settings parse into its config, and how a
 * config becomes the runtime policy of one API. The policy registry lists every type there is.
 *
 * @param name    e.g. {@code ip-filter}
 * @param concern when it runs
 * @param parser  reads the settings, recording each bad one in the {@link PolicySettings} instead of throwing
 * @param factory builds the runtime policy; it may keep state shared between connections only in the
 *                {@link PolicyState} it is given
 * @param <C>     the policy's config record
 */
public record PolicyType<C extends PolicyConfig>(String name, Concern concern, Function<PolicySettings, C> parser,
        BiFunction<C, PolicyState, Policy> factory) {

    public PolicyType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(concern, "concern");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(factory, "factory");
    }

    public static <C extends PolicyConfig> PolicyType<C> of(String name, Concern concern,
            Function<PolicySettings, C> parser, BiFunction<C, PolicyState, Policy> factory) {
        return new PolicyType<>(name, concern, parser, factory);
    }

    /** The config of these settings; each bad setting is added to {@code problems} (the result is then unusable). */
    public C parse(Map<String, String> settings, List<PolicyProblem> problems) {
        return parser.apply(new PolicySettings(name, settings, problems));
    }

    /** The runtime policy for one API, from a config this type parsed. */
    public Policy create(PolicyConfig config, PolicyState state) {
        @SuppressWarnings("unchecked")
        C own = (C) config;
        return factory.apply(own, state);
    }
}
