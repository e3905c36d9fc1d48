package org.wsgateway.policy.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.Plan;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.Identity;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterClock;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.UpgradeRequest;

class PlanLimitsTest {

    private final TesterClock clock = new TesterClock();
    private final PolicyState state = new PolicyState(clock);

    private MessageGuard guard(Plan plan, String subscription) {
        UpgradeRequest upgrade = TesterUpgrades.from("10.0.0.1");
        upgrade.identify(new Identity("app", "App", "sam", subscription, "key", plan));
        return new PlanLimits(state).open(upgrade);
    }

    private static MessageAction message(MessageGuard guard, Direction direction) {
        return guard.onPiece(direction, true, true, true, 10);
    }

    @Test
    void watchesNothingForAnonymousCallersOrUnlimitedPlans() {
        assertNull(new PlanLimits(state).open(TesterUpgrades.from("10.0.0.1")));
        assertNull(guard(Plan.DEFAULTS.get(0), "s"), "Unlimited");
    }

    @Test
    void shapesAboveTheBurstByPausingTheSenderForTheRefillTime() {
        MessageGuard guard = guard(new Plan("Tiny", "", 60, 2, 0, 0, "shape"), "s1");
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND));
        assertEquals(MessageAction.PASS, message(guard, Direction.OUTBOUND), "both directions count");
        MessageAction.Pause pause = assertInstanceOf(MessageAction.Pause.class, message(guard, Direction.INBOUND));
        assertEquals(Duration.ofSeconds(1).toNanos(), pause.nanos(), "one message a second");
        clock.advance(Duration.ofSeconds(3));
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND), "the debt was paid and a token refilled");
    }

    @Test
    void closesWith1013ToTheClientAndSaysWhenToRetry() {
        MessageGuard guard = guard(new Plan("Strict", "", 60, 1, 0, 0, "close"), "s2");
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND));
        MessageAction.Close close = assertInstanceOf(MessageAction.Close.class, message(guard, Direction.INBOUND));
        assertEquals(1013, close.senderCode());
        assertEquals(1001, close.otherCode());
        assertEquals("plan Strict allows 60 messages a minute; retry in 1 s", close.reason());
        MessageAction.Close outbound = assertInstanceOf(MessageAction.Close.class,
                message(guard, Direction.OUTBOUND));
        assertEquals(1013, outbound.otherCode(), "the client is told to retry later whoever sent too much");
    }

    @Test
    void sharesTheBucketsOfOneSubscriptionAcrossItsConnections() {
        Plan plan = new Plan("Shared", "", 60, 2, 0, 0, "close");
        MessageGuard first = guard(plan, "s3");
        MessageGuard second = guard(plan, "s3");
        MessageGuard otherSubscription = guard(plan, "s4");
        assertEquals(MessageAction.PASS, message(first, Direction.INBOUND));
        assertEquals(MessageAction.PASS, message(second, Direction.INBOUND));
        assertInstanceOf(MessageAction.Close.class, message(first, Direction.INBOUND));
        assertEquals(MessageAction.PASS, message(otherSubscription, Direction.INBOUND));
    }

    @Test
    void countsOnlyTheDirectionThePlanCounts() {
        MessageGuard guard = guard(new Plan("In", "", 60, 1, 0, 0, "close", "inbound"), "s5");
        for (int i = 0; i < 5; i++) {
            assertEquals(MessageAction.PASS, message(guard, Direction.OUTBOUND));
        }
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND));
        assertInstanceOf(MessageAction.Close.class, message(guard, Direction.INBOUND));
    }

    @Test
    void countsBytesPerPieceAndMessagesPerMessage() {
        MessageGuard guard = guard(new Plan("Bytes", "", 0, 0, 100, 0, "shape"), "s6");
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, false, true, false, 60));
        MessageAction.Pause pause = assertInstanceOf(MessageAction.Pause.class,
                guard.onPiece(Direction.INBOUND, false, false, true, 60));
        assertTrue(pause.nanos() > 0 && pause.nanos() <= Duration.ofMillis(200).toNanos(), pause.toString());
    }

    @Test
    void capsTheConnectionsOfASubscriptionAndGivesThemBack() {
        Plan plan = new Plan("Two", "", 0, 0, 0, 0, "shape", "both", 2);
        PlanLimits limits = new PlanLimits(state);
        UpgradeRequest[] open = new UpgradeRequest[3];
        for (int i = 0; i < 3; i++) {
            open[i] = TesterUpgrades.from("10.0.0.1");
            open[i].identify(new Identity("app", "App", "sam", "s8", "key", plan));
        }
        assertTrue(limits.onHandshake(open[0]).passed());
        assertTrue(limits.onHandshake(open[1]).passed());
        assertEquals(429, limits.onHandshake(open[2]).status());
        open[0].release();
        assertTrue(limits.onHandshake(open[2]).passed());
    }

    @Test
    void enforcesADailyQuotaThatRefillsOnlyAfterTheDay() {
        MessageGuard guard = guard(new Plan("Quota", "", 0, 0, 0, 2, "close"), "s7");
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND));
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND));
        MessageAction.Close close = assertInstanceOf(MessageAction.Close.class, message(guard, Direction.INBOUND));
        assertTrue(close.reason().contains("2 messages a day"), close.reason());
        clock.advance(Duration.ofHours(23));
        assertInstanceOf(MessageAction.Close.class, message(guard, Direction.INBOUND), "not refilled bit by bit");
        clock.advance(Duration.ofHours(1));
        assertEquals(MessageAction.PASS, message(guard, Direction.INBOUND));
    }
}
