package org.wsgateway.policy.restrict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.Direction;
import org.wsgateway.policy.MessageAction;
import org.wsgateway.policy.MessageGuard;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.registry.PolicyRegistry;

class SizeLimitPolicyTest {

    private static MessageGuard guard(Map<String, String> settings) throws PolicyException {
        return PolicyRegistry.create("size-limit", settings, new PolicyState()).open(TesterUpgrades.from("::1"));
    }

    @Test
    void countsAMessageAcrossItsPiecesAndStartsAgainWithTheNext() throws PolicyException {
        MessageGuard guard = guard(Map.of("inbound", "10"));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, false, true, false, 4));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, false, false, true, 6));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, false, true, true, 10));
        MessageAction.Close close = assertInstanceOf(MessageAction.Close.class,
                guard.onPiece(Direction.INBOUND, false, true, false, 11));
        assertEquals(1009, close.senderCode());
        assertEquals(1001, close.otherCode());
        assertEquals("client sent a message larger than 10 bytes", close.reason());
    }

    @Test
    void limitsEachDirectionOnItsOwn() throws PolicyException {
        MessageGuard guard = guard(Map.of("outbound", "1KiB"));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, true, true, true, 1_000_000));
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.OUTBOUND, true, true, false, 1000));
        // The inbound message in between does not reset the outbound count.
        assertEquals(MessageAction.PASS, guard.onPiece(Direction.INBOUND, true, true, true, 5));
        MessageAction.Close close = assertInstanceOf(MessageAction.Close.class,
                guard.onPiece(Direction.OUTBOUND, true, false, true, 25));
        assertEquals("backend sent a message larger than 1024 bytes", close.reason());
    }
}
