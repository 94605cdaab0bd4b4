package io.connectops.ingest.aws;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import io.connectops.platform.net.SpecialAddresses;

/**
 * Where a source's {@code endpointOverride} may point. The AWS SDK sends SigV4-signed requests there with the
 * source's credentials, and the answer's error text is shown to admins: an override aimed inside the network would
 * be a way to reach, and read, what the service can reach.
 *
 * <p>The platform's {@link SpecialAddresses} decide, as for notifications' outbound calls: special-purpose ranges
 * (this-network, CGNAT, link-local and the cloud metadata address, NAT64, 6to4 and Teredo, IPv4-mapped or compatible
 * IPv6, unique-local IPv6, multicast, documentation, reserved) are always refused; loopback and the private ranges
 * only with {@code allowLocalAddresses}: the local Connect simulator listens on 127.0.0.1, and a VPC endpoint's own
 * DNS name resolves to private addresses. Every address a host name resolves to must pass.
 */
public final class EndpointOverridePolicy {

    private EndpointOverridePolicy() {
    }

    /**
     * Why {@code url} may not be a source's endpoint, or empty when it may. Resolves the host: call it when the
     * source is saved and again when its client is built.
     */
    public static Optional<String> refusal(String url, boolean allowLocalAddresses) {
        return refusal(url, allowLocalAddresses, CheckedEndpointResolver.HostLookup.SYSTEM);
    }

    static Optional<String> refusal(String url, boolean allowLocalAddresses, CheckedEndpointResolver.HostLookup lookup) {
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
            addresses = lookup.lookup(literalIpv6 ? host.substring(1, host.length() - 1) : host);
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
        return SpecialAddresses.rangeOf(address).filter(range -> !(range.local() && allowLocalAddresses))
                .map(range -> range.local()
                        ? "is a " + range.name() + " address, which this deployment does not accept "
                                + "(connectops.ingest.endpoint-override.allow-local-addresses)"
                        : "is an address of " + range.name() + ", which is not accepted");
    }
}
