package io.connectops.notifications.service;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.notifications.config.NotificationsConfig;

/**
 * The outbound allow-list: notifications only call hosts named in configuration, and never addresses inside the
 * network (loopback, private, link-local such as cloud metadata) unless that is explicitly allowed.
 */
@ApplicationScoped
public class OutboundPolicy {

    @Inject
    NotificationsConfig config;

    /** Why {@code url} may not be called, or null when it may. The reason never repeats the URL (it may be secret). */
    public String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an http(s) URL";
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return "has no host";
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!allowedHost(host)) {
            return "host " + host + " is not in the outbound allow-list";
        }
        if (!config.outbound().allowPrivateAddresses()) {
            try {
                for (InetAddress address : InetAddress.getAllByName(host)) {
                    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                            || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                        return "host " + host + " resolves to an internal address";
                    }
                }
            } catch (UnknownHostException e) {
                return "host " + host + " cannot be resolved";
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
