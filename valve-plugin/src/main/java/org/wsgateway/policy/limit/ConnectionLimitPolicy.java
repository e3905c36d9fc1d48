package org.wsgateway.policy.limit;

import java.util.Map;
import java.util.Set;

import org.wsgateway.api.ConfigValues;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;

/**
 * {@code connection-limit}: how many connections may be open at once, for the whole API, for each client address and
 * for each application (callers identified by a key or a token). A connection counts from its handshake to its end.
 * Over a limit: {@code 429}. (A business plan can also cap the connections of each subscription.)
 *
 * @param config its settings
 * @param state  what it counts, shared by its API's connections and kept across catalog reloads
 */
public record ConnectionLimitPolicy(Config config, PolicyState state) implements Policy {

    public static final String NAME = "connection-limit";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.LIMIT, Config::parse,
            ConnectionLimitPolicy::new);

    /**
     * @param perApi connections to this API version at once (0: no limit, the default)
     * @param perIp  connections from one client address at once (0: no limit, the default)
     * @param perApplication connections of one application at once (0: no limit, the default)
     */
    public record Config(int perApi, int perIp, int perApplication) implements PolicyConfig {

        public static Config parse(PolicySettings s) {
            s.only(Set.of("perApi", "perIp", "perApplication"));
            Config config = new Config(s.get("perApi", Config::count, 0), s.get("perIp", Config::count, 0),
                    s.get("perApplication", Config::count, 0));
            if (!s.hasAny("perApi", "perIp", "perApplication")) {
                s.problem("perApi", "give perApi, perIp or perApplication, e.g. perIp=\"10\"");
            }
            return config;
        }

        private static int count(String value) {
            return (int) Math.min(Integer.MAX_VALUE, ConfigValues.count(value));
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("perApi", perApi, "perIp", perIp, "perApplication", perApplication);
        }
    }


    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        String apiKey = NAME + "/" + upgrade.api().id();
        if (config.perApi() > 0) {
            if (!state.tryAcquire(apiKey, config.perApi())) {
                return state.overLimit("429 Too Many Requests: " + upgrade.api().path() + " already has "
                        + config.perApi() + " connections, its limit");
            }
            upgrade.onRelease(() -> state.release(apiKey));
        }
        if (config.perIp() > 0) {
            String ipKey = apiKey + "/ip/" + upgrade.remoteAddress();
            if (!state.tryAcquire(ipKey, config.perIp())) {
                return state.overLimit("429 Too Many Requests: your address already has " + config.perIp()
                        + " connections to " + upgrade.api().path() + ", its limit");
            }
            upgrade.onRelease(() -> state.release(ipKey));
        }
        if (config.perApplication() > 0 && upgrade.identity() != null) {
            String appKey = apiKey + "/app/" + upgrade.identity().application();
            if (!state.tryAcquire(appKey, config.perApplication())) {
                return state.overLimit("429 Too Many Requests: application '"
                        + upgrade.identity().applicationName() + "' already has " + config.perApplication()
                        + " connections to " + upgrade.api().path() + ", its limit");
            }
            upgrade.onRelease(() -> state.release(appKey));
        }
        return Verdict.PASS;
    }
}
