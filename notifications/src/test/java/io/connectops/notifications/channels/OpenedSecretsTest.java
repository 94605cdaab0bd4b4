package io.connectops.notifications.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The cache of opened channel secrets, without the application. */
class OpenedSecretsTest {

    private final SecretSeal seal = SecretSeal.of("k1", Map.of("k1", new byte[32]));
    private final AtomicInteger opens = new AtomicInteger();
    private final OpenedSecrets opened = new OpenedSecrets(new SecretSeal() {
        @Override
        public Map<String, String> open(String sealed, UUID channelId) {
            opens.incrementAndGet();
            return seal.open(sealed, channelId);
        }
    });

    @Test
    void aChannelsSealedValueIsOpenedOnceAndANewValueOfTheSameChannelIsOpenedAgain() {
        UUID channel = UUID.randomUUID();
        String first = seal.seal(Map.of("botToken", "xoxb-first"), channel);

        assertThat(opened.open(first, channel)).containsExactly(Map.entry("botToken", "xoxb-first"));
        assertThat(opened.open(first, channel)).containsExactly(Map.entry("botToken", "xoxb-first"));
        assertThat(opens).hasValue(1);

        String rotated = seal.seal(Map.of("botToken", "xoxb-rotated"), channel);
        assertThat(opened.open(rotated, channel)).containsExactly(Map.entry("botToken", "xoxb-rotated"));
        assertThat(opens).hasValue(2);
    }

    @Test
    void aValueCopiedFromAnotherChannelStillDoesNotOpenThoughThatChannelsSecretsAreKept() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String sealed = seal.seal(Map.of("password", "s3cret"), owner);
        assertThat(opened.open(sealed, owner)).containsEntry("password", "s3cret");

        assertThatThrownBy(() -> opened.open(sealed, other)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> opened.open(sealed, other)).isInstanceOf(IllegalStateException.class);
        assertThat(opens).as("a value that cannot be opened is not kept").hasValue(3);
    }

    @Test
    void aCallerChangingItsCopyChangesNothingKeptAndForgettingOpensAgain() {
        UUID channel = UUID.randomUUID();
        String sealed = seal.seal(Map.of("signingSecret", "whsec-a"), channel);
        opened.open(sealed, channel).put("signingSecret", "changed by a caller");

        assertThat(opened.open(sealed, channel)).containsEntry("signingSecret", "whsec-a");
        opened.forget(channel);
        assertThat(opened.open(sealed, channel)).containsEntry("signingSecret", "whsec-a");
        assertThat(opens).hasValue(2);
        assertThat(opened.open(null, channel)).isEmpty();
    }
}
