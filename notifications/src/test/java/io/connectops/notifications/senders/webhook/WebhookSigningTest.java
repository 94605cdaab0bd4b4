package io.connectops.notifications.senders.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Webhook signatures, without the application. */
class WebhookSigningTest {

    @Test
    void webhookSignaturesAreHmacSha256() {
        // RFC 4231 test case 2
        assertThat(WebhookSender.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void standardWebhooksSignaturesMatchTheReferenceLibrarysTestVector() {
        // standard-webhooks/standard-webhooks libraries/java WebhookTest.verifyWebhookSignWorks
        assertThat(StandardWebhooks.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theTestReceiverAcceptsTheVectorAndRefusesAChangedBodyIdOrAStaleTimestamp() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Map<String, String> headers = Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp",
                "1614265330", "webhook-signature", "v2,xyz v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        String body = "{\"test\": 2432232314}";

        assertThat(SignedReceiver.verify(key, headers, body, 1614265330L)).isEqualTo("verified");
        assertThat(SignedReceiver.verify(key, headers, body + " ", 1614265330L)).isEqualTo("no matching signature");
        assertThat(SignedReceiver.verify(key, Map.of("webhook-id", "msg_other", "webhook-timestamp", "1614265330",
                "webhook-signature", headers.get("webhook-signature")), body, 1614265330L))
                .isEqualTo("no matching signature");
        assertThat(SignedReceiver.verify(key, headers, body, 1614265330L + 301)).isEqualTo("timestamp too old");
    }

    @Test
    void aWhsecSecretMustHoldTwentyFourToSixtyFourBytesOfBase64() {
        assertThat(StandardWebhooks.refusal("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isNull();
        assertThat(StandardWebhooks.refusal("whsec_" + Base64.getEncoder().encodeToString(new byte[16])))
                .isEqualTo("a whsec_ secret must hold 24 to 64 bytes, not 16");
        assertThat(StandardWebhooks.refusal("whsec_not*base64")).isEqualTo("must be whsec_ followed by base64");
        assertThat(StandardWebhooks.isStandardSecret("whsec-0123456789abcdef")).isFalse();
    }
}
