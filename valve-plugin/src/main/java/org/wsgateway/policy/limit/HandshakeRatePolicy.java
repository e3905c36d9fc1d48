package org.wsgateway.policy.limit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Limiter;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;

/**
 * {@code handshake-rate}: how often one client address, and one application, may open connections to the API, as
 * token buckets (a burst of the whole amount, refilled evenly over the period). Over the rate: {@code 429} with
 * {@code Retry-After} saying when the next handshake will be let in.
 *
 * @param config its settings
 * @param state  what it counts, shared by its API's connections and kept across catalog reloads
 */
public record HandshakeRatePolicy(Config config, PolicyState state) implements Policy {

    public static final String NAME = "handshake-rate";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.LIMIT, Config::parse,
            HandshakeRatePolicy::new);

    /**
     * @param perIp          handshakes from one address per period, e.g. {@code 10/1m}, or {@code null}
     * @param perApplication handshakes of one application per period, or {@code null}
     */
    public record Config(Rate perIp, Rate perApplication) implements PolicyConfig {

        public static Config parse(PolicySettings s) {
            s.only(Set.of("perIp", "perApplication"));
            Config config = new Config(s.get("perIp", Config::rate, null), s.get("perApplication", Config::rate, null));
            // Neither given (absent or empty): a policy that would limit nothing. (A bad value has its problem.)
            if (config.perIp() == null && config.perApplication() == null && blank(s)) {
                s.problem("perIp", "missing: a rate such as 10/1m (10 handshakes a minute), or perApplication");
            }
            return config;
        }

        private static Rate rate(String value) {
            return value.isBlank() ? null : Rate.parse(value);
        }

        /** Whether neither rate has any text (a bad value is not blank). */
        private static boolean blank(PolicySettings s) {
            return s.get("perIp", String::isBlank, true) && s.get("perApplication", String::isBlank, true);
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("perIp", perIp, "perApplication", perApplication);
        }
    }


    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        String prefix = NAME + "/" + upgrade.api().id();
        if (config.perIp() != null) {
            Verdict verdict = take(config.perIp(), prefix + "/ip/" + upgrade.remoteAddress(), "your address",
                    upgrade);
            if (!verdict.passed()) {
                return verdict;
            }
        }
        if (config.perApplication() != null && upgrade.identity() != null) {
            return take(config.perApplication(), prefix + "/app/" + upgrade.identity().application(),
                    "application '" + upgrade.identity().applicationName() + "'", upgrade);
        }
        return Verdict.PASS;
    }

    private Verdict take(Rate rate, String key, String who, UpgradeRequest upgrade) {
        Limiter.Take take = state.bucket(key, rate.amount(), rate.amount(), rate.period()).tryTake(1);
        if (take.taken()) {
            return Verdict.PASS;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(take.nanosToWait() + 999_999_999L));
        return Verdict.refuse(429, "429 Too Many Requests: more than " + rate + " handshakes from " + who + " to "
                + upgrade.api().path() + "; retry in " + seconds + " s", "Retry-After", String.valueOf(seconds));
    }
}
