package org.wsgateway.policy.limit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.wsgateway.api.Plan;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.UpgradeRequest;
import org.wsgateway.policy.Identity;
import org.wsgateway.policy.Limiter;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.Verdict;

/**
 * Enforces the business plan of the caller's subscription on every message: messages per minute with a burst,
 * bytes per second, and events per day, counted per subscription (all its connections share the buckets) in the
 * directions the plan counts. Above a limit the plan's action applies: {@code shape} lets the message through and
 * stops reading its sender until the plan allows more (nothing is lost, the sender slows down); {@code close} ends
 * the connection with {@code 1013} (Try Again Later) to the client, saying when to retry, and {@code 1001} to the
 * backend. The plan's {@code maxConnections} caps each subscription's connections ({@code 429}). Every API has it;
 * it acts only on callers with a subscription.
 */
public final class PlanLimits implements Policy {

    /** The name its refusals are counted under. */
    public static final String NAME = "plan";

    static final int TRY_AGAIN_LATER = 1013;
    static final int GOING_AWAY = 1001;

    private final PolicyState state;

    public PlanLimits(PolicyState state) {
        this.state = state;
    }

    /** A plan's connection cap, per subscription: over it, {@code 429}. */
    @Override
    public Verdict onHandshake(UpgradeRequest upgrade) {
        Identity identity = upgrade.identity();
        if (identity == null || identity.plan() == null || identity.plan().maxConnections() <= 0) {
            return Verdict.PASS;
        }
        long max = identity.plan().maxConnections();
        String key = "plan/" + identity.subscription() + "/connections";
        if (!state.tryAcquire(key, (int) Math.min(Integer.MAX_VALUE, max))) {
            return state.overLimit("429 Too Many Requests: plan " + identity.plan().name() + " allows " + max
                    + " connections per subscription, and application '" + identity.applicationName()
                    + "' has them all");
        }
        upgrade.onRelease(() -> state.release(key));
        return Verdict.PASS;
    }

    @Override
    public MessageGuard open(UpgradeRequest upgrade) {
        Identity identity = upgrade.identity();
        if (identity == null || identity.plan() == null || !identity.plan().limits()) {
            return null;
        }
        Plan plan = identity.plan();
        String key = "plan/" + identity.subscription() + "/";
        Limiter messages = plan.messagesPerMinute() == 0 ? null : state.bucket(key + "messages",
                plan.burst() > 0 ? plan.burst() : plan.messagesPerMinute(), plan.messagesPerMinute(),
                Duration.ofMinutes(1));
        Limiter bytes = plan.bytesPerSecond() == 0 ? null : state.bucket(key + "bytes", plan.bytesPerSecond(),
                plan.bytesPerSecond(), Duration.ofSeconds(1));
        Limiter events = plan.eventsPerDay() == 0 ? null : state.bucket(key + "events", plan.eventsPerDay(),
                plan.eventsPerDay(), Duration.ofDays(1), false);
        return new Guard(plan, messages, bytes, events);
    }

    /** One connection's view of its subscription's buckets (which are shared, and thread-safe). */
    private record Guard(Plan plan, Limiter messages, Limiter bytes, Limiter events) implements MessageGuard {

        @Override
        public MessageAction onPiece(Direction direction, boolean text, boolean first, boolean last, int size) {
            if (!counts(direction)) {
                return MessageAction.PASS;
            }
            long wait = 0;
            if (first) {
                MessageAction a = take(messages, 1, direction, plan.messagesPerMinute() + " messages a minute");
                if (a instanceof MessageAction.Close) {
                    return a;
                }
                wait = Math.max(wait, nanos(a));
                a = take(events, 1, direction, plan.eventsPerDay() + " messages a day");
                if (a instanceof MessageAction.Close) {
                    return a;
                }
                wait = Math.max(wait, nanos(a));
            }
            if (size > 0) {
                MessageAction a = take(bytes, size, direction, plan.bytesPerSecond() + " bytes a second");
                if (a instanceof MessageAction.Close) {
                    return a;
                }
                wait = Math.max(wait, nanos(a));
            }
            return wait > 0 ? new MessageAction.Pause(wait) : MessageAction.PASS;
        }

        private boolean counts(Direction direction) {
            return switch (plan.counts()) {
                case "inbound" -> direction == Direction.INBOUND;
                case "outbound" -> direction == Direction.OUTBOUND;
                default -> true;
            };
        }

        private MessageAction take(Limiter bucket, long amount, Direction direction, String limit) {
            if (bucket == null) {
                return MessageAction.PASS;
            }
            if ("close".equals(plan.action())) {
                Limiter.Take take = bucket.tryTake(amount);
                if (take.taken()) {
                    return MessageAction.PASS;
                }
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(take.nanosToWait() + 999_999_999L));
                String reason = "plan " + plan.name() + " allows " + limit + "; retry in " + seconds + " s";
                // The client is told to try again later, whichever side sent too much.
                return direction == Direction.INBOUND
                        ? new MessageAction.Close(TRY_AGAIN_LATER, GOING_AWAY, reason)
                        : new MessageAction.Close(GOING_AWAY, TRY_AGAIN_LATER, reason);
            }
            // Shaping: the message goes on (nothing is lost) and its sender waits for the tokens it took.
            long penalty = bucket.takeIgnoringLimits(amount);
            return penalty > 0 ? new MessageAction.Pause(penalty) : MessageAction.PASS;
        }

        private static long nanos(MessageAction action) {
            return action instanceof MessageAction.Pause p ? p.nanos() : 0;
        }
    }
}
