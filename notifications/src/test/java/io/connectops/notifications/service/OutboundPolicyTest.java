package io.connectops.notifications.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.connectops.notifications.config.NotificationsConfig;

/** The outbound policy refuses every special-purpose range; loopback and private only with the profile setting. */
class OutboundPolicyTest {

    /** address, refused without allow-private-addresses, refused with it. */
    private static final Object[][] RANGES = {
            {"0.0.0.0", true, true},
            {"0.1.2.3", true, true},
            {"10.1.2.3", true, false},
            {"100.64.0.1", true, true},
            {"100.100.100.200", true, true},
            {"100.127.255.255", true, true},
            {"100.128.0.1", false, false},
            {"127.0.0.1", true, false},
            {"127.1.2.3", true, false},
            {"169.254.169.254", true, true},
            {"169.254.0.1", true, true},
            {"172.16.0.1", true, false},
            {"172.31.255.255", true, false},
            {"172.32.0.1", false, false},
            {"192.0.0.8", true, true},
            {"192.0.2.1", true, true},
            {"192.168.1.1", true, false},
            {"198.18.0.1", true, true},
            {"198.51.100.7", true, true},
            {"203.0.113.9", true, true},
            {"224.0.0.1", true, true},
            {"239.255.255.250", true, true},
            {"240.0.0.1", true, true},
            {"255.255.255.255", true, true},
            {"8.8.8.8", false, false},
            {"52.94.236.248", false, false},
            {"::", true, true},
            {"::1", true, false},
            {"::127.0.0.1", true, true},
            {"64:ff9b::a9fe:a9fe", true, true},
            {"64:ff9b:1::1", true, true},
            {"100::1", true, true},
            {"2001::1", true, true},
            {"2001:db8::1", true, true},
            {"2002:a9fe:a9fe::1", true, true},
            {"fc00::1", true, true},
            {"fd00:ec2::254", true, true},
            {"fe80::1", true, true},
            {"fec0::1", true, true},
            {"ff02::1", true, true},
            {"2a00:1450:4001:80b::200e", false, false},
            {"2606:4700:4700::1111", false, false},
    };

    @Test
    void theSpecialPurposeRangesAreRefusedAndLoopbackAndPrivateOnlyWithTheSetting() throws UnknownHostException {
        SoftAssertions softly = new SoftAssertions();
        for (Object[] row : RANGES) {
            InetAddress address = InetAddress.getByName((String) row[0]);
            softly.assertThat(OutboundPolicy.refusedRange(address, false) != null).as("%s strict", row[0])
                    .isEqualTo(row[1]);
            softly.assertThat(OutboundPolicy.refusedRange(address, true) != null).as("%s with private allowed", row[0])
                    .isEqualTo(row[2]);
        }
        softly.assertAll();
    }

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
