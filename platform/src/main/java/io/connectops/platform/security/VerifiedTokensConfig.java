package io.connectops.platform.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code connectops.security.verified-tokens.*}: how long a bearer token, once verified, is taken as verified. */
@ConfigMapping(prefix = "connectops.security.verified-tokens")
public interface VerifiedTokensConfig {

    /** Off: every request's token is verified by quarkus-oidc again, signature and claims. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Longest time a verified token is answered from memory, shorter than its own expiry when that is further away.
     * It bounds how long a token signed by a key the provider has since withdrawn from its key set still passes.
     */
    @WithDefault("PT1M")
    Duration maxAge();

    /** Most tokens kept (a few KiB each); when full and none has expired, new tokens are verified every time. */
    @WithDefault("1000")
    int maxEntries();
}
