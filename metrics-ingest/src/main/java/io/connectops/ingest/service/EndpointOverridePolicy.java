package io.connectops.ingest.service;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a source's {@code endpointOverride} may point. The AWS SDK sends SigV4-signed requests there with the
 * source's credentials, and the answer's error text is shown to admins: an override aimed inside the network would
 * be a way to reach, and read, what the service can reach.
 *
 * <p>Special-purpose ranges (this-network, CGNAT, cloud metadata, NAT64, 6to4 and Teredo, IPv4-mapped or compatible
 * IPv6, unique-local IPv6, multicast, documentation, reserved) are always refused. Loopback, link-local and the
 * private ranges are accepted only with {@code allowLocalAddresses}: the local Connect simulator listens on
 * 127.0.0.1, and a VPC endpoint's own DNS name resolves to private addresses. Every address a host name resolves to
 * must pass.
 */
public final class EndpointOverridePolicy {

    private record Range(byte[] prefix, int bits, String name) {
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
            return rest == 0 || ((address[full] ^ prefix[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    private static final List<Range> ALWAYS_REFUSED = List.of(
            range("0.0.0.0/8", "this network"),
            range("100.64.0.0/10", "shared address space (CGNAT)"),
            range("169.254.169.254/32", "the instance metadata service"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/96", "IPv4-compatible or unspecified IPv6"),
            range("64:ff9b::/96", "NAT64"),
            range("64:ff9b:1::/48", "NAT64"),
            range("100::/64", "discard"),
            range("2001::/32", "Teredo"),
            range("2001:db8::/32", "documentation"),
            range("2002::/16", "6to4"),
            range("fc00::/7", "unique-local IPv6"),
            range("ff00::/8", "multicast"));

    private static final List<Range> LOCAL = List.of(
            range("127.0.0.0/8", "loopback"),
            range("10.0.0.0/8", "private"),
            range("172.16.0.0/12", "private"),
            range("192.168.0.0/16", "private"),
            range("169.254.0.0/16", "link-local"),
            range("::1/128", "loopback"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"));

    private EndpointOverridePolicy() {
    }

    /**
     * Why {@code url} may not be a source's endpoint, or empty when it may. Resolves the host: call it when the
     * source is saved and again when its client is built.
     */
    public static Optional<String> refusal(String url, boolean allowLocalAddresses) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http(s) URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("must not carry user information, a query or a fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("must name a host");
        }
        boolean literalIpv6 = host.startsWith("[");
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(literalIpv6 ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException | SecurityException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            // Java turns an IPv4-mapped IPv6 literal (::ffff:127.0.0.1) into the IPv4 address: refuse the form.
            if (literalIpv6 && address instanceof Inet4Address) {
                return Optional.of("must not be an IPv4-mapped IPv6 address");
            }
            Optional<String> refused = refusal(address, allowLocalAddresses);
            if (refused.isPresent()) {
                return Optional.of(host.equals(address.getHostAddress()) || literalIpv6 ? refused.get()
                        : "host " + host + " resolves to " + refused.get().substring("is ".length()));
            }
        }
        return Optional.empty();
    }

    static Optional<String> refusal(InetAddress address, boolean allowLocalAddresses) {
        byte[] bytes = address.getAddress();
        // ::1 lies in ::/96; loopback is a local address, nothing else.
        for (Range range : address.isLoopbackAddress() ? List.<Range>of() : ALWAYS_REFUSED) {
            if (range.contains(bytes)) {
                return Optional.of("is an address of " + range.name() + ", which is not accepted");
            }
        }
        if (!allowLocalAddresses) {
            for (Range range : LOCAL) {
                if (range.contains(bytes)) {
                    return Optional.of("is a " + range.name() + " address, which this deployment does not accept "
                            + "(connectops.ingest.endpoint-override.allow-local-addresses)");
                }
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, String name) {
        int slash = cidr.indexOf('/');
        try {
            // Literals only: no name is looked up.
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), name);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
