package io.connectops.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private static final SecurityIdentity ANA = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("ana")).addRole("viewer").build();

    private static VerifiedTokens tokens(Duration maxAge, int maxEntries) {
        return new VerifiedTokens(new VerifiedTokensConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration maxAge() {
                return maxAge;
            }

            @Override
            public int maxEntries() {
                return maxEntries;
            }
        });
    }

    @Test
    void aVerifiedTokenIsAnsweredUntilItExpiresWhenThatComesBeforeMaxAge() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        tokens.remember("Default", "token-a", ANA, NOW.plusSeconds(20), NOW);

        assertThat(tokens.find("Default", "token-a", NOW.plusSeconds(19))).isSameAs(ANA);
        assertThat(tokens.find("Default", "token-a", NOW.plusSeconds(20))).isNull();
        assertThat(tokens.size()).isZero();
        assertThat(tokens.hits()).isEqualTo(1);
    }

    @Test
    void aTokenThatLivesLongerIsAnsweredNoLongerThanMaxAge() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        tokens.remember("Default", "token-a", ANA, NOW.plusSeconds(3600), NOW);

        assertThat(tokens.find("Default", "token-a", NOW.plusSeconds(59))).isSameAs(ANA);
        assertThat(tokens.find("Default", "token-a", NOW.plusSeconds(60))).isNull();
    }

    @Test
    void anExpiredTokenIsNeverKept() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        tokens.remember("Default", "token-a", ANA, NOW, NOW);

        assertThat(tokens.contains("Default", "token-a")).isFalse();
    }

    @Test
    void aTokenVerifiedForOneTenantIsNotAnsweredForAnotherNorIsADifferentText() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 10);
        tokens.remember("Default", "token-a", ANA, NOW.plusSeconds(30), NOW);

        assertThat(tokens.find("console", "token-a", NOW)).isNull();
        assertThat(tokens.find("Default", "token-a ", NOW)).isNull();
        assertThat(tokens.find("Default", "token-A", NOW)).isNull();
    }

    @Test
    void aFullCacheMakesRoomFromExpiredTokensAndOtherwiseKeepsNothingNew() {
        VerifiedTokens tokens = tokens(Duration.ofMinutes(1), 2);
        tokens.remember("Default", "short", ANA, NOW.plusSeconds(5), NOW);
        tokens.remember("Default", "long", ANA, NOW.plusSeconds(50), NOW);

        tokens.remember("Default", "after-short-expired", ANA, NOW.plusSeconds(50), NOW.plusSeconds(10));
        assertThat(tokens.contains("Default", "short")).isFalse();
        assertThat(tokens.contains("Default", "after-short-expired")).isTrue();

        tokens.remember("Default", "while-full", ANA, NOW.plusSeconds(50), NOW.plusSeconds(11));
        assertThat(tokens.contains("Default", "while-full")).isFalse();
        assertThat(tokens.size()).isEqualTo(2);
    }
}
