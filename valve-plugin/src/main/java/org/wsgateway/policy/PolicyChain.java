package org.wsgateway.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.wsgateway.api.Api;
import org.wsgateway.policy.auth.KeyAuthPolicy;
import org.wsgateway.policy.limit.PlanLimits;
import org.wsgateway.policy.restrict.OriginPolicy;

/**
 * The policies of one API at work, in their fixed order (by {@link Concern}, then as declared). Immutable and
 * shared by all connections of the API: a handshake walks it with no shared cursor.
 *
 * <p>Defaults the gateway applies without being asked: {@code key-auth} when the API declares no authenticate
 * policy (anonymous access only with {@code open}); {@code origin} with its same-origin default, so a page on
 * another site cannot open a socket with a visitor's cookies (cross-site WebSocket hijacking); and the business
 * plan of the caller's subscription, on every message.
 */
public final class PolicyChain {

    private final Policy[] policies;
    /** Each policy's name, for the metrics and logs of the handshakes it refuses. */
    private final String[] names;

    private PolicyChain(Policy[] policies, String[] names) {
        this.policies = policies;
        this.names = names;
    }

    /** The chain of the API's declared policies plus the defaults. */
    public static PolicyChain of(Api api, PolicyState state) {
        List<PolicyConfig> configs = new ArrayList<>(api.policies().configs());
        if (configs.stream().noneMatch(c -> c.concern() == Concern.AUTHENTICATE)) {
            configs.add(KeyAuthPolicy.Config.DEFAULT);
        }
        if (api.policies().get(OriginPolicy.NAME) == null) {
            configs.add(OriginPolicy.Config.SAME_ORIGIN);
        }
        // A stable sort: declaration order stays within one concern.
        configs.sort(Comparator.comparing(PolicyConfig::concern));
        List<Policy> policies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Authenticator> authenticators = new ArrayList<>();
        List<String> authenticatorNames = new ArrayList<>();
        for (PolicyConfig config : configs) {
            Policy policy = config.create(state);
            if (policy instanceof Authenticator a && config.concern() == Concern.AUTHENTICATE) {
                if (authenticators.isEmpty()) {
                    policies.add(new AnyAuthenticator(authenticators, authenticatorNames));
                    names.add(config.name());
                }
                authenticators.add(a);
                authenticatorNames.add(config.name());
            } else {
                policies.add(policy);
                names.add(config.name());
            }
        }
        // Business plans come with subscriptions: after the declared limits, for every API.
        int observe = policies.size() - (int) configs.stream().filter(c -> c.concern() == Concern.OBSERVE).count();
        policies.add(observe, new PlanLimits(state));
        names.add(observe, PlanLimits.NAME);
        return new PolicyChain(policies.toArray(Policy[]::new), names.toArray(String[]::new));
    }

    /**
     * Runs the handshake through every policy; the first refusal ends it (and releases what earlier policies
     * took), and the handshake records which policy it was.
     */
    public Verdict check(UpgradeRequest upgrade) {
        for (int i = 0; i < policies.length; i++) {
            Verdict verdict = policies[i].onHandshake(upgrade);
            if (!verdict.passed()) {
                if (upgrade.refusedBy() == null) {
                    upgrade.refusedBy(names[i]);
                }
                upgrade.release();
                return verdict;
            }
        }
        return Verdict.PASS;
    }

    /** The guard over the connection's messages, or {@code null} when no policy looks at messages. */
    public MessageGuard guard(UpgradeRequest upgrade) {
        List<MessageGuard> guards = new ArrayList<>();
        for (Policy policy : policies) {
            MessageGuard guard = policy.open(upgrade);
            if (guard != null) {
                guards.add(guard);
            }
        }
        return switch (guards.size()) {
            case 0 -> null;
            case 1 -> guards.get(0);
            default -> new Guards(guards.toArray(MessageGuard[]::new));
        };
    }

    /** The API's authenticators as one: the one whose credential is present decides; with none, the first. */
    private record AnyAuthenticator(List<Authenticator> authenticators, List<String> names) implements Policy {

        @Override
        public Verdict onHandshake(UpgradeRequest upgrade) {
            int deciding = 0;
            for (int i = 0; i < authenticators.size(); i++) {
                if (authenticators.get(i).presentIn(upgrade)) {
                    deciding = i;
                    break;
                }
            }
            Verdict verdict = authenticators.get(deciding).onHandshake(upgrade);
            if (!verdict.passed()) {
                upgrade.refusedBy(names.get(deciding));
            }
            return verdict;
        }

        @Override
        public MessageGuard open(UpgradeRequest upgrade) {
            return null;
        }
    }

    /** Several guards: the first close wins; otherwise the longest pause. */
    private record Guards(MessageGuard[] guards) implements MessageGuard {

        @Override
        public MessageAction onPiece(Direction direction, boolean text, boolean first, boolean last, int bytes) {
            MessageAction result = MessageAction.PASS;
            for (MessageGuard guard : guards) {
                MessageAction action = guard.onPiece(direction, text, first, last, bytes);
                if (action instanceof MessageAction.Close) {
                    return action;
                }
                if (action instanceof MessageAction.Pause p && !(result instanceof MessageAction.Pause q
                        && q.nanos() >= p.nanos())) {
                    result = p;
                }
            }
            return result;
        }

        @Override
        public boolean holdsText(Direction direction) {
            for (MessageGuard guard : guards) {
                if (guard.holdsText(direction)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public MessageAction onText(Direction direction, java.nio.ByteBuffer utf8) {
            for (MessageGuard guard : guards) {
                if (guard.holdsText(direction)) {
                    MessageAction action = guard.onText(direction, utf8.duplicate());
                    if (action != MessageAction.PASS) {
                        return action;
                    }
                }
            }
            return MessageAction.PASS;
        }
    }
}
