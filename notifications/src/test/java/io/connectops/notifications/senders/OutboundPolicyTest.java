package io.connectops.notifications.senders;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.connectops.notifications.config.NotificationsConfig;

/** The outbound policy refuses every special-purpose range; loopback and private only with the profile setting. */
class OutboundPolicyTest {

    @Test
    void urlsAreRefusedBeforeAnyConnectionWithAReasonThatDoesNotRepeatThem() {
        OutboundPolicy strict = policy(false, List.of("*"));
        OutboundPolicy local = policy(true, List.of("*"));
        SoftAssertions softly = new SoftAssertions();
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://[fd00:ec2::254]/",
                "http://[::ffff:127.0.0.1]/", "http://[::ffff:8.8.8.8]/", "http://100.100.100.200/",
                "http://0.0.0.0:8080/", "http://[64:ff9b::7f00:1]/", "http://224.0.0.1/", "http://255.255.255.255/")) {
            softly.assertThat(strict.refusal(url)).as(url).contains("resolves to an internal address");
            softly.assertThat(local.refusal(url)).as(url + " with private allowed")
                    .contains("resolves to an internal address");
        }
        for (String url : List.of("http://127.0.0.1:9/", "http://10.0.0.1/", "http://[::1]:9/")) {
            softly.assertThat(strict.refusal(url)).as(url).contains("resolves to an internal address");
            softly.assertThat(local.refusal(url)).as(url + " with private allowed").isNull();
        }
        softly.assertThat(strict.refusal("ftp://8.8.8.8/")).isEqualTo("must be an http(s) URL");
        softly.assertThat(strict.refusal("file:///etc/passwd")).isEqualTo("must be an http(s) URL");
        softly.assertThat(policy(false, List.of("hooks.slack.com")).refusal("https://8.8.8.8/x?token=s3cret"))
                .isEqualTo("host 8.8.8.8 is not in the outbound allow-list");
        softly.assertAll();
    }

    @Test
    void aCheckedUrlIsPinnedToTheAddressThatWasChecked() {
        OutboundPolicy.Decision decision = policy(true, List.of("127.0.0.1")).check("https://127.0.0.1:8443/hook?a=1");

        assertThat(decision.refusal()).isNull();
        assertThat(decision.target().address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(decision.target().port()).isEqualTo(8443);
        assertThat(decision.target().tls()).isTrue();
        assertThat(decision.target().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void aNameThatDoesNotResolveIsRetriedAtSendTimeAndAcceptedWhenSaved() {
        OutboundPolicy policy = policy(false, List.of("*.invalid"));

        OutboundPolicy.Decision decision = policy.check("https://nowhere.invalid/");
        assertThat(decision.target()).isNull();
        assertThat(decision.retryable()).isTrue();
        assertThat(policy.refusal("https://nowhere.invalid/")).isNull();
    }

    static OutboundPolicy policy(boolean allowPrivate, List<String> hosts) {
        NotificationsConfig.Outbound outbound = (NotificationsConfig.Outbound) Proxy.newProxyInstance(
                NotificationsConfig.class.getClassLoader(), new Class<?>[] {NotificationsConfig.Outbound.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "allowPrivateAddresses" -> allowPrivate;
                    case "allowedHosts" -> hosts;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        OutboundPolicy policy = new OutboundPolicy();
        policy.config = (NotificationsConfig) Proxy.newProxyInstance(NotificationsConfig.class.getClassLoader(),
                new Class<?>[] {NotificationsConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "outbound" -> outbound;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return policy;
    }
}
