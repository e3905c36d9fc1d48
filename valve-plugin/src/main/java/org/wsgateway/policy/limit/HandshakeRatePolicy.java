package org.wsgateway.policy.limit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.ConsumptionProbe;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Handshake;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.Verdict;

/**
 * {@code handshake-rate}: how often one client address may open connections to the API, as a token bucket (a
 * burst of the whole amount, refilled evenly over the period). Over the rate: {@code 429} with {@code Retry-After}
 * saying when the next handshake will be let in.
 */
public final class HandshakeRatePolicy implements Policy {

    public static final String NAME = "handshake-rate";

    /** @param perIp handshakes from one address per period, e.g. {@code 10/1m} (required) */
    public record Config(Rate perIp) implements PolicyConfig {

        public static Config parse(PolicySettings s) {
            s.only(Set.of("perIp"));
            Rate perIp = s.get("perIp", Rate::parse, null);
            if (perIp == null) {
                s.problem("perIp", "missing: a rate such as 10/1m (10 handshakes a minute)");
            }
            return new Config(perIp);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Concern concern() {
            return Concern.LIMIT;
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("perIp", perIp.toString());
            return settings;
        }

        @Override
        public Policy create(PolicyState state) {
            return new HandshakeRatePolicy(this, state);
        }
    }

    private final Config config;
    private final PolicyState state;

    HandshakeRatePolicy(Config config, PolicyState state) {
        this.config = config;
        this.state = state;
    }

    @Override
    public Verdict onHandshake(Handshake handshake) {
        Rate rate = config.perIp();
        ConsumptionProbe probe = state.bucket(NAME + "/" + handshake.api().id() + "/ip/" + handshake.remoteAddress(),
                rate.amount(), rate.amount(), rate.period()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Verdict.PASS;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        return Verdict.refuse(429, "429 Too Many Requests: more than " + rate + " handshakes from your address to "
                + handshake.api().path() + "; retry in " + seconds + " s", "Retry-After", String.valueOf(seconds));
    }
}
