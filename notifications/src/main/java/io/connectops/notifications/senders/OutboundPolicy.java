package io.connectops.notifications.senders;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.platform.net.SpecialAddresses;

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
        return SpecialAddresses.refusedRange(address, allowPrivate);
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
