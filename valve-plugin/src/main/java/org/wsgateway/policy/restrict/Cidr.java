package org.wsgateway.policy.restrict;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32} (a lone address is a block of one). Parsed
 * once, when the config is read; no name lookups, ever.
 *
 * @param network the block's address bytes (4 or 16)
 * @param bits    the prefix length
 */
public record Cidr(byte[] network, int bits) {

    /** Parses {@code address[/bits]}; the address must be an IPv4 or IPv6 literal. */
    public static Cidr parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + text + "' is not an address block (e.g. 10.0.0.0/8, "
                    + "192.168.1.7, 2001:db8::/32)");
        }
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be 0 to "
                        + bytes.length * 8);
            }
        }
        return new Cidr(bytes, bits);
    }

    /** The bytes of an IP literal, or {@code null} if it is not one (never a DNS lookup). */
    static byte[] literal(String address) {
        if (address.isEmpty() || !address.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        if (address.indexOf(':') < 0 && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether the address (as its bytes) is in this block; IPv4 and IPv6 never match each other. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.bits == bits && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + bits;
    }
}
