package org.wsgateway.policy.auth;

import java.util.Map;
import java.util.Set;

import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;

/**
 * {@code open}: the API takes anonymous callers. Only by saying so: an API without any authenticate policy needs an
 * API key ({@code key-auth}). Anonymous callers have no application and no business plan; the other policies
 * (origin, addresses, sizes, limits) still apply.
 */
public final class OpenPolicy implements Policy {

    public static final String NAME = "open";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.AUTHENTICATE, Config::parse,
            (config, state) -> new OpenPolicy());

    /** No settings. */
    public record Config() implements PolicyConfig {

        public static Config parse(PolicySettings s) {
            s.only(Set.of());
            return new Config();
        }

        @Override
        public Map<String, String> settings() {
            return Map.of();
        }
    }
}
