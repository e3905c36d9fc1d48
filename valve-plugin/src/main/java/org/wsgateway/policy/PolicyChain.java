package org.wsgateway.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The policies of one API at work, in their fixed order (by {@link Concern}, then as given). Immutable and shared by
 * all connections of the API: an upgrade request walks it with no shared cursor. The policy registry decides which
 * policies an API gets (its declared ones plus the gateway's defaults); the chain only orders and runs them.
 */
public final class PolicyChain {

    /**
     * One policy of a chain.
     *
     * @param name    the policy's name, for the metrics and logs of the upgrades it refuses
     * @param concern when it runs
     * @param policy  the policy at work
     */
    public record Link(String name, Concern concern, Policy policy) {
    }

    private final Policy[] policies;
    /** Each policy's name, for the metrics and logs of the upgrades it refuses. */
    private final String[] names;

    private PolicyChain(Policy[] policies, String[] names) {
        this.policies = policies;
        this.names = names;
    }

    /**
     * The chain of these policies, ordered by concern (a stable sort: the given order stays within one concern).
     * Several authenticators act as one: the one whose credential is present decides; with none, the first.
     */
    public static PolicyChain of(List<Link> links) {
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(Comparator.comparing(Link::concern));
        List<Policy> policies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Authenticator> authenticators = new ArrayList<>();
        List<String> authenticatorNames = new ArrayList<>();
        for (Link link : sorted) {
            if (link.policy() instanceof Authenticator a && link.concern() == Concern.AUTHENTICATE) {
                if (authenticators.isEmpty()) {
                    policies.add(new AnyAuthenticator(authenticators, authenticatorNames));
                    names.add(link.name());
                }
                authenticators.add(a);
                authenticatorNames.add(link.name());
            } else {
                policies.add(link.policy());
                names.add(link.name());
            }
        }
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
