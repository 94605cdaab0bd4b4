package io.connectops.ingest.aws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.apache.http.conn.DnsResolver;

/**
 * The name service of the SDK clients of sources with an {@code endpointOverride}. The override is checked when the
 * source is saved and when its client is built, but the HTTP client resolves the host again for every connection it
 * opens, and a name can resolve elsewhere by then (DNS rebinding: a public address for the check, the metadata
 * service for the connection). Here each connection's lookup is itself checked by {@link EndpointOverridePolicy},
 * and the client connects to exactly the addresses that passed: one forbidden address and the connection is refused.
 * Only the address is pinned: the client still opens TLS to, and verifies the certificate of, the host name.
 */
final class CheckedEndpointResolver implements DnsResolver {

    /** How a host name is resolved: the JVM's resolver in production, a fixed mapping in tests. */
    @FunctionalInterface
    interface HostLookup {

        HostLookup SYSTEM = InetAddress::getAllByName;

        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    private final boolean allowLocalAddresses;
    private final HostLookup lookup;

    CheckedEndpointResolver(boolean allowLocalAddresses, HostLookup lookup) {
        this.allowLocalAddresses = allowLocalAddresses;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = lookup.lookup(host).clone();
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = EndpointOverridePolicy.refusal(address, allowLocalAddresses);
            if (refused.isPresent()) {
                // UnknownHostException: the HTTP client gives up on the host instead of trying its other addresses.
                throw new UnknownHostException("endpointOverride host " + host + " now resolves to "
                        + address.getHostAddress() + ", " + refused.get().substring("is ".length())
                        + ": not connecting");
            }
        }
        return addresses;
    }
}
