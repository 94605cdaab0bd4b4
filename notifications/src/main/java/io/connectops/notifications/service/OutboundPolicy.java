package io.connectops.notifications.service;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.config.NotificationsConfig;

/**
 * The outbound allow-list: notifications only call hosts named in configuration, and never special-purpose addresses
 * (link-local such as cloud metadata, CGNAT, NAT64, unique-local, multicast, reserved...). Loopback and private
 * (RFC 1918) addresses are allowed only with {@code outbound.allow-private-addresses} (local fakes, on-premise tools).
 * A send resolves the name once, checks every address and connects to the checked one ({@link Target}), so a DNS
 * answer that changes between check and connect cannot lead elsewhere.
 */
@ApplicationScoped
public class OutboundPolicy {

    /** A URL that may be called, pinned to the address that was checked. */
    public record Target(URI uri, String host, int port, boolean tls, InetAddress address) {
    }

    /** The outcome of a check: a target, or why not (a reason that never repeats the URL, which may be secret). */
    public record Decision(Target target, String refusal, boolean retryable) {

        static Decision refused(String refusal) {
            return new Decision(null, refusal, false);
        }
    }

    /** A special-purpose range; {@code relaxable} ones are allowed with {@code allow-private-addresses}. */
    record Range(String cidr, String name, boolean relaxable, byte[] prefix, int bits) {

        static Range of(String cidr, String name, boolean relaxable) {
            int slash = cidr.indexOf('/');
            try {
                byte[] bytes = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                return new Range(cidr, name, relaxable, bytes, Integer.parseInt(cidr.substring(slash + 1)));
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

    /** IANA's special-purpose registries (IPv4 and IPv6), plus multicast and the deprecated site-local range. */
    static final List<Range> RANGES = List.of(
            Range.of("0.0.0.0/8", "this-network", false),
            Range.of("10.0.0.0/8", "private", true),
            Range.of("100.64.0.0/10", "shared (CGNAT)", false),
            Range.of("127.0.0.0/8", "loopback", true),
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
            Range.of("::/96", "IPv4-compatible", false),
            Range.of("64:ff9b::/96", "NAT64", false),
            Range.of("64:ff9b:1::/48", "NAT64 (local use)", false),
            Range.of("100::/64", "discard-only", false),
            Range.of("2001::/23", "IETF protocol assignments (Teredo included)", false),
            Range.of("2001:db8::/32", "documentation", false),
            Range.of("2002::/16", "6to4", false),
            Range.of("fc00::/7", "unique-local", false),
            Range.of("fe80::/10", "link-local", false),
            Range.of("fec0::/10", "site-local", false),
            Range.of("ff00::/8", "multicast", false));

    @Inject
    NotificationsConfig config;

    /**
     * Why {@code url} may not be saved, or null when it may. A name that does not resolve now is accepted: it leads
     * nowhere, and every send checks again.
     */
    public String refusal(String url) {
        Decision decision = check(url);
        return decision.retryable() ? null : decision.refusal();
    }

    /** Checks a URL for sending now: resolved once, every address checked, the first one pinned. */
    public Decision check(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return Decision.refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Decision.refused("must be an http(s) URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Decision.refused("has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!allowedHost(host)) {
            return Decision.refused("host " + host + " is not in the outbound allow-list");
        }
        boolean literal = host.startsWith("[");
        String name = literal ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            return new Decision(null, "host " + host + " cannot be resolved", true);
        }
        boolean allowPrivate = config.outbound().allowPrivateAddresses();
        for (InetAddress address : addresses) {
            // Java turns ::ffff:a.b.c.d into an IPv4 address; written as an IPv6 literal it is refused outright.
            String range = literal && address instanceof Inet4Address ? "IPv4-mapped"
                    : refusedRange(address, allowPrivate);
            if (range != null) {
                return Decision.refused("host " + host + " resolves to an internal address (" + range + ")");
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Decision(new Target(uri, name, port, scheme.equals("https"), addresses[0]), null, false);
    }

    /** The name of the special-purpose range {@code address} is in, or null when it may be called. */
    static String refusedRange(InetAddress address, boolean allowPrivate) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return "scoped";
        }
        for (Range range : RANGES) {
            if (range.contains(bytes)) {
                return range.relaxable() && allowPrivate ? null : range.name();
            }
        }
        return null;
    }

    private boolean allowedHost(String host) {
        for (String pattern : config.outbound().allowedHosts()) {
            String allowed = pattern.trim().toLowerCase(Locale.ROOT);
            if (allowed.equals("*") || allowed.equals(host)
                    || (allowed.startsWith("*.") && host.endsWith(allowed.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
