package io.connectops.platform.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The addresses no outbound call of a service may reach on a caller's say-so (a channel URL, a source's
 * endpointOverride): IANA's special-purpose registries for IPv4 and IPv6, multicast, and the deprecated site-local
 * range. Only loopback and the private ranges are {@code local}: a deployment may allow them (the local fakes and
 * the Connect simulator listen on 127.0.0.1, a VPC endpoint resolves to private addresses). Link-local, the cloud
 * metadata address among them, never is. One table for every service, so that none drifts from the others.
 */
public final class SpecialAddresses {

    /** A special-purpose range; {@code local} ones may be allowed by a deployment. */
    public record Range(String cidr, String name, boolean local, byte[] prefix, int bits) {

        static Range of(String cidr, String name, boolean local) {
            int slash = cidr.indexOf('/');
            try {
                // Literals only: no name is looked up.
                byte[] bytes = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                return new Range(cidr, name, local, bytes, Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    /** In order: the first range that holds an address names it (the metadata address before link-local). */
    static final List<Range> RANGES = List.of(
            Range.of("0.0.0.0/8", "this network", false),
            Range.of("10.0.0.0/8", "private", true),
            Range.of("100.64.0.0/10", "shared address space (CGNAT)", false),
            Range.of("127.0.0.0/8", "loopback", true),
            Range.of("169.254.169.254/32", "the instance metadata service", false),
            Range.of("169.254.0.0/16", "link-local", false),
            Range.of("172.16.0.0/12", "private", true),
            Range.of("192.0.0.0/24", "IETF protocol assignments", false),
            Range.of("192.0.2.0/24", "documentation", false),
            Range.of("192.88.99.0/24", "6to4 relay", false),
            Range.of("192.168.0.0/16", "private", true),
            Range.of("198.18.0.0/15", "benchmarking", false),
            Range.of("198.51.100.0/24", "documentation", false),
            Range.of("203.0.113.0/24", "documentation", false),
            Range.of("224.0.0.0/4", "multicast", false),
            Range.of("240.0.0.0/4", "reserved (broadcast included)", false),
            Range.of("::1/128", "loopback", true),
            Range.of("::/96", "IPv4-compatible or unspecified IPv6", false),
            Range.of("64:ff9b::/96", "NAT64", false),
            Range.of("64:ff9b:1::/48", "NAT64 (local use)", false),
            Range.of("100::/64", "discard-only", false),
            Range.of("2001::/23", "IETF protocol assignments (Teredo included)", false),
            Range.of("2001:db8::/32", "documentation", false),
            Range.of("2002::/16", "6to4", false),
            Range.of("fc00::/7", "unique-local IPv6", false),
            Range.of("fe80::/10", "link-local", false),
            Range.of("fec0::/10", "site-local", false),
            Range.of("ff00::/8", "multicast", false));

    private static final Range SCOPED = new Range("%scope", "scoped IPv6", false, new byte[0], 0);

    private SpecialAddresses() {
    }

    /** The special-purpose range that holds {@code address}, if any. */
    public static Optional<Range> rangeOf(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return Optional.of(SCOPED);
        }
        byte[] bytes = address.getAddress();
        for (Range range : RANGES) {
            if (range.contains(bytes)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    /** The name of the range that makes {@code address} unreachable, or null when it may be called. */
    public static String refusedRange(InetAddress address, boolean allowLocal) {
        return rangeOf(address).filter(range -> !(range.local() && allowLocal)).map(Range::name).orElse(null);
    }
}
