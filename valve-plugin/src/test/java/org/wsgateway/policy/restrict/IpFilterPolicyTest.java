package org.wsgateway.policy.restrict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wsgateway.api.PolicyException;
import org.wsgateway.policy.PolicyState;
import org.wsgateway.policy.TesterUpgrades;
import org.wsgateway.policy.registry.PolicyRegistry;

class IpFilterPolicyTest {

    private static boolean passes(Map<String, String> settings, String address) throws PolicyException {
        return PolicyRegistry.create("ip-filter", settings, new PolicyState())
                .onHandshake(TesterUpgrades.from(address)).passed();
    }

    @Test
    void letsOnlyAllowedBlocksIn() throws PolicyException {
        Map<String, String> settings = Map.of("allow", "10.0.0.0/8, 192.168.1.7, 2001:db8::/32");
        assertTrue(passes(settings, "10.255.0.1"));
        assertTrue(passes(settings, "192.168.1.7"));
        assertFalse(passes(settings, "192.168.1.8"));
        assertTrue(passes(settings, "2001:db8:0:0:0:0:0:1"));
        assertFalse(passes(settings, "2001:db9:0:0:0:0:0:1"));
        assertFalse(passes(settings, "11.0.0.1"));
    }

    @Test
    void refusesADeniedAddressEvenIfAllowed() throws PolicyException {
        Map<String, String> settings = Map.of("allow", "10.0.0.0/8", "deny", "10.6.0.0/16");
        assertTrue(passes(settings, "10.5.0.1"));
        assertFalse(passes(settings, "10.6.200.1"));
        assertEquals(403, PolicyRegistry.create("ip-filter", settings, new PolicyState())
                .onHandshake(TesterUpgrades.from("10.6.0.1")).status());
    }

    @Test
    void treatsAnIpv4MappedIpv6AddressAsIpv4() throws PolicyException {
        assertFalse(passes(Map.of("deny", "127.0.0.0/8"), "::ffff:127.0.0.1"));
    }

    @Test
    void refusesAnAddressItCannotReadWhenThereIsAnAllowList() throws PolicyException {
        assertFalse(passes(Map.of("allow", "0.0.0.0/0"), "not-an-address"));
        assertTrue(passes(Map.of("deny", "10.0.0.0/8"), "not-an-address"), "nothing to deny it by");
    }

    @Test
    void matchesPrefixesThatEndInsideAByte() {
        Cidr block = Cidr.parse("172.16.0.0/12");
        assertTrue(block.contains(Cidr.literal("172.31.255.255")));
        assertFalse(block.contains(Cidr.literal("172.32.0.0")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("8.8.8.8")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(Cidr.literal("::1")), "IPv4 blocks never hold IPv6 addresses");
    }

    @Test
    void neverResolvesNamesAndNamesTheBadBlock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost"));
        assertTrue(e.getMessage().contains("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::1/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0"));
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.0.0.0/8 ").toString());
    }
}
