package io.connectops.notifications.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.fakes.ReceivedRequest;
import io.connectops.notifications.Fixtures;
import io.connectops.notifications.senders.webhook.WebhookSender;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Opened secrets are kept per channel and sealed value: a rotated secret is the one the next delivery uses. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SecretRotationTest {

    @Test
    void theDeliveryAfterASigningSecretIsRotatedIsSignedWithTheNewSecret() {
        String queue = Fixtures.unique("rotate");
        String url = Fixtures.WEBHOOK.baseUrl() + "/" + queue;
        String channel = Fixtures.webhookChannel(url);
        Fixtures.routeForQueue(queue, channel);

        Fixtures.publish(Fixtures.incident(Fixtures.unique("inc"), Change.OPENED, "OPEN", "before", queue));
        ReceivedRequest before = awaitRequests(queue, 1).get(0);
        assertThat(signature(before)).isEqualTo(signed(Fixtures.WEBHOOK_SECRET, before));

        String rotated = "whsec-rotated-" + Fixtures.unique("s");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("webhook"), "settings", Map.of("url", url),
                        "secrets", Map.of("signingSecret", rotated)))
                .put("/api/v1/channels/" + channel).then().statusCode(200);

        var next = Fixtures.incident(Fixtures.unique("inc"), Change.OPENED, "OPEN", "after", queue);
        Fixtures.publish(next);
        ReceivedRequest after = awaitRequests(queue, 2).get(1);
        assertThat(after.header("X-ConnectOps-Delivery")).isEqualTo(next.id() + "/" + channel);
        assertThat(signature(after)).isEqualTo(signed(rotated, after))
                .isNotEqualTo(signed(Fixtures.WEBHOOK_SECRET, after));
    }

    private static List<ReceivedRequest> awaitRequests(String queue, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(120))
                .until(() -> Fixtures.WEBHOOK.received("/" + queue).size() >= count);
        return Fixtures.WEBHOOK.received("/" + queue);
    }

    private static String signature(ReceivedRequest request) {
        return request.header(WebhookSender.SIGNATURE_HEADER);
    }

    /** What the receiver computes with {@code secret}: HMAC-SHA256 over timestamp "." body. */
    private static String signed(String secret, ReceivedRequest request) {
        return "sha256=" + WebhookSender.sign(secret, request.header(WebhookSender.TIMESTAMP_HEADER) + "."
                + request.body());
    }
}
