package io.connectops.notifications.senders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading receivers' answers: Retry-After and redaction, without the application. */
class ReceiverAnswerTest {

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        assertThat(StatusClassifier.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(StatusClassifier.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(StatusClassifier.retryAfter("soon")).isNull();
        assertThat(StatusClassifier.retryAfter(null)).isNull();
    }

    @Test
    void redactionRemovesSecretsAndTheUrl() {
        assertThat(HttpCalls.redact("bad token xoxb-123456 at https://hooks.example/abc", List.of("xoxb-123456"),
                "https://hooks.example/abc")).isEqualTo("bad token *** at [url]");
    }
}
