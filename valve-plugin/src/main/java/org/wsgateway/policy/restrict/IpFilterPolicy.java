package org.wsgateway.policy.restrict;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
 * {@code ip-filter}: which client addresses may connect, as CIDR blocks. The address is the one Tomcat gives the
 * request, so a {@code RemoteIpValve} before the gateway makes it the client's real address behind a proxy. A
 * denied address is refused even if it is also allowed; with an allow list, any other address is refused.
 * Refused: {@code 403}.
 *
 * @param config its settings
 */
public record IpFilterPolicy(Config config) implements Policy {

    public static final String NAME = "ip-filter";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.RESTRICT, Config::parse,
            (config, state) -> new IpFilterPolicy(config));

    /**
     * @param allow blocks allowed to connect; empty (the default) allows every address not denied
     * @param deny  blocks refused (default: none)
     */
    public record Config(List<Cidr> allow, List<Cidr> deny) implements PolicyConfig {

        public Config {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
        }

        public static Config parse(PolicySettings s) {
            s.only(Set.of("allow", "deny"));
            Config config = new Config(s.get("allow", Config::blocks, List.of()), s.get("deny", Config::blocks,
                    List.of()));
            if (config.allow().isEmpty() && config.deny().isEmpty() && !s.hasAny("allow", "deny")) {
                s.problem("allow", "give allow or deny (or both): an ip-filter without either filters nothing");
            }
            return config;
        }

        private static List<Cidr> blocks(String value) {
            return ConfigValues.list(value).stream().map(Cidr::parse).toList();
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("allow", allow.stream().map(Cidr::toString).collect(Collectors.joining(",")),
                    "deny", deny.stream().map(Cidr::toString).collect(Collectors.joining(",")));
        }
    }


    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        byte[] address = Cidr.literal(upgrade.remoteAddress() == null ? "" : upgrade.remoteAddress());
        boolean denied = config.deny().stream().anyMatch(c -> c.contains(address));
        boolean allowed = config.allow().isEmpty() || config.allow().stream().anyMatch(c -> c.contains(address));
        if (denied || !allowed) {
            return Verdict.refuse(403, "403 Forbidden: your address may not connect to " + upgrade.api().path());
        }
        return Verdict.PASS;
    }
}
