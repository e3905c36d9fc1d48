package org.wsgateway.policy.restrict;

import java.util.Map;
import java.util.Set;

import org.wsgateway.api.ConfigValues;
import org.wsgateway.policy.Concern;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyConfig;
import org.wsgateway.policy.PolicySettings;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.PolicyType;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Verdict;

/**
 * {@code size-limit}: the largest message each way, counted as it streams (a message is never held whole to be
 * measured), and optionally the largest frame a client may send. The sender of a larger message gets {@code 1009}
 * (Message Too Big), the other side {@code 1001}.
 *
 * @param config its settings
 */
public record SizeLimitPolicy(Config config) implements Policy {

    public static final String NAME = "size-limit";

    /** What the registry knows of it: its name, when it runs, how its settings parse, how it is created. */
    public static final PolicyType<Config> TYPE = PolicyType.of(NAME, Concern.RESTRICT, Config::parse,
            (config, state) -> new SizeLimitPolicy(config));
    static final int TOO_BIG = 1009;
    static final int GOING_AWAY = 1001;

    /**
     * @param inbound  largest message from the client, in bytes (0: no limit, the default)
     * @param outbound largest message from the backend, in bytes (0: no limit, the default)
     * @param frame    largest frame from the client, in bytes (0: no limit, the default)
     */
    public record Config(long inbound, long outbound, long frame) implements PolicyConfig {

        public static Config parse(PolicySettings s) {
            s.only(Set.of("inbound", "outbound", "frame"));
            Config config = new Config(s.get("inbound", ConfigValues::size, 0L), s.get("outbound", ConfigValues::size,
                    0L), s.get("frame", ConfigValues::size, 0L));
            if (!s.hasAny("inbound", "outbound", "frame")) {
                s.problem("inbound", "give inbound, outbound or frame, e.g. inbound=\"64KiB\"");
            }
            return config;
        }

        @Override
        public Map<String, String> settings() {
            return PolicySettings.text("inbound", inbound, "outbound", outbound, "frame", frame);
        }
    }


    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        if (config.frame() > 0) {
            upgrade.limitFrames(config.frame());
        }
        return Verdict.PASS;
    }

    @Override
    public MessageGuard open(UpgradeRequest upgrade) {
        return config.inbound() > 0 || config.outbound() > 0 ? new Guard(config) : null;
    }

    /** Counts the current message of each direction; each count is touched by one thread only. */
    static final class Guard implements MessageGuard {

        private final Config config;
        private long inboundBytes;
        private long outboundBytes;

        Guard(Config config) {
            this.config = config;
        }

        @Override
        public MessageAction onPiece(Direction direction, boolean text, boolean first, boolean last, int bytes) {
            long limit;
            long size;
            if (direction == Direction.INBOUND) {
                limit = config.inbound();
                size = inboundBytes = (first ? 0 : inboundBytes) + bytes;
            } else {
                limit = config.outbound();
                size = outboundBytes = (first ? 0 : outboundBytes) + bytes;
            }
            if (limit > 0 && size > limit) {
                return new MessageAction.Close(TOO_BIG, GOING_AWAY, direction.sender() + " sent a message larger than "
                        + limit + " bytes");
            }
            return MessageAction.PASS;
        }
    }
}
