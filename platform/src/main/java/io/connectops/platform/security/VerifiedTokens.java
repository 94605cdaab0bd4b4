package io.connectops.platform.security;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Bearer tokens that quarkus-oidc has verified, with the identity it made of each, until the token expires or
 * {@code max-age} has passed, whichever comes first. A client sends the same token on every request for its whole
 * lifetime, and verifying it (parsing, an RSA signature, the claims) was a quarter to a third of the CPU of a read
 * request (JFR of the incident list, bench/README.md). Only successes are kept: a token that fails is verified
 * again each time it is sent. Keys are the tenant and the whole token text, so one tenant's verdict never serves
 * another's, and a token differing in any character is a different key.
 */
@Singleton
public class VerifiedTokens {

    private record Key(String tenant, String token) {
    }

    private record Entry(SecurityIdentity identity, Instant expiresAt) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final VerifiedTokensConfig config;
    private final LongAdder hits = new LongAdder();

    @Inject
    public VerifiedTokens(VerifiedTokensConfig config) {
        this.config = config;
    }

    /** The identity made when this token was verified for this tenant, or null when it must be verified. */
    public SecurityIdentity find(String tenant, String token, Instant now) {
        Key key = new Key(tenant, token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return null;
        }
        hits.increment();
        return entry.identity();
    }

    /**
     * Keeps a verified token until {@code tokenExpiresAt} or {@code max-age} from now. When the map is full, expired
     * entries are dropped first; if it is still full the token is not kept (it is verified on each request, as
     * without this class), so memory stays bounded whatever callers send.
     */
    public void remember(String tenant, String token, SecurityIdentity identity, Instant tokenExpiresAt, Instant now) {
        Instant expiresAt = earlier(tokenExpiresAt, now.plus(config.maxAge()));
        if (!now.isBefore(expiresAt)) {
            return;
        }
        if (entries.size() >= config.maxEntries()) {
            entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (entries.size() >= config.maxEntries()) {
                return;
            }
        }
        entries.putIfAbsent(new Key(tenant, token), new Entry(identity, expiresAt));
    }

    public boolean contains(String tenant, String token) {
        return entries.containsKey(new Key(tenant, token));
    }

    /** Requests answered from memory since start, for the meter and the tests. */
    public long hits() {
        return hits.sum();
    }

    public int size() {
        return entries.size();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
