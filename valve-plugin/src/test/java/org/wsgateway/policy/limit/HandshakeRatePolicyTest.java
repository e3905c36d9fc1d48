package org.wsgateway.policy.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.Policy;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterClock;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.Verdict;
import org.wsgateway.policy.registry.PolicyRegistry;

class HandshakeRatePolicyTest {

    private final TesterClock clock = new TesterClock();
    private final PolicyState state = new PolicyState(clock);

    private Policy policy(String rate) throws PolicyException {
        return PolicyRegistry.create("handshake-rate", Map.of("perIp", rate), state);
    }

    @Test
    void refusesAboveTheRateWith429AndSaysWhenToRetry() throws PolicyException {
        Policy policy = policy("2/1m");
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.1")).passed());
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.1")).passed());
        Verdict refused = policy.onHandshake(TesterUpgrades.from("10.0.0.1"));
        assertEquals(429, refused.status());
        assertEquals("30", refused.headers().get("Retry-After"), "one token every 30 s");
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.2")).passed(), "each address has its bucket");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(policy.onHandshake(TesterUpgrades.from("10.0.0.1")).passed());
        assertEquals(429, policy.onHandshake(TesterUpgrades.from("10.0.0.1")).status());
    }

    @Test
    void roundsRetryAfterUpToAWholeSecond() throws PolicyException {
        Policy policy = policy("10/1s");
        for (int i = 0; i < 10; i++) {
            policy.onHandshake(TesterUpgrades.from("10.0.0.1"));
        }
        assertEquals("1", policy.onHandshake(TesterUpgrades.from("10.0.0.1")).headers().get("Retry-After"));
    }

    @Test
    void readsRatesAndRefusesNonsense() {
        assertEquals(new Rate(10, Duration.ofMinutes(1)), Rate.parse("10/1m"));
        assertEquals("500/1s", Rate.parse(" 500 / 1s ").toString());
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("0/1s"));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("10/0s"));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("ten a minute"));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("99999999999999999999/1s"));
        assertThrows(IllegalArgumentException.class, () -> Rate.parse("2000000000/1s"), "above one a nanosecond");
    }
}
