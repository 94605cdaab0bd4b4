package io.connectops.cli.auth;

import java.time.Instant;

/**
 * What a sign-in left in the cache: the access token and, for people, the refresh token that renews it without
 * signing in again.
 *
 * @param grant {@code device} or {@code client_credentials}: how to get a new one when both have expired
 */
public record Tokens(String accessToken, Instant expiresAt, String refreshToken, Instant refreshExpiresAt,
        String grant) {

    /** Still usable for a request that starts now, with a margin for the clock and the request's own time. */
    public boolean accessValidAt(Instant now) {
        return accessToken != null && expiresAt != null && now.plusSeconds(30).isBefore(expiresAt);
    }

    public boolean refreshValidAt(Instant now) {
        return refreshToken != null && (refreshExpiresAt == null || now.plusSeconds(30).isBefore(refreshExpiresAt));
    }
}
