package io.connectops.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A source's endpointOverride never points at a special-purpose address (link-local included), and at a loopback or private
 * one only where the deployment allows local addresses (the local simulator, tests).
 */
class EndpointOverridePolicyTest {

    private static final List<String> ALWAYS_REFUSED = List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/",
            "http://100.100.100.200/",
            "http://100.64.0.1/",
            "http://0.1.2.3/",
            "http://0.0.0.0:8080/",
            "http://[::]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[64:ff9b:1::a00:1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[::127.0.0.1]/",
            "http://[2002:7f00:1::]/",
            "http://[fc00::1]/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://198.18.0.1/",
            "http://169.254.10.1/",
            "http://[fe80::1]/");

    private static final List<String> LOCAL = List.of(
            "http://127.0.0.1:8099",
            "http://localhost:8099/",
            "http://[::1]:8099/",
            "https://10.0.0.12/",
            "https://172.16.5.4/",
            "https://192.168.1.1/");

    @Test
    void specialPurposeAddressesAreRefusedEvenWhereLocalAddressesAreAllowed() {
        for (String url : ALWAYS_REFUSED) {
            assertThat(EndpointOverridePolicy.refusal(url, true)).as(url).isPresent();
            assertThat(EndpointOverridePolicy.refusal(url, false)).as(url).isPresent();
        }
        assertThat(EndpointOverridePolicy.refusal("http://169.254.169.254/", true))
                .contains("is an address of the instance metadata service, which is not accepted");
        assertThat(EndpointOverridePolicy.refusal("http://[::ffff:127.0.0.1]/", true))
                .contains("must not be an IPv4-mapped IPv6 address");
    }

    @Test
    void loopbackAndPrivateAddressesOnlyWhereAllowed() {
        for (String url : LOCAL) {
            assertThat(EndpointOverridePolicy.refusal(url, true)).as(url).isEmpty();
            assertThat(EndpointOverridePolicy.refusal(url, false)).as(url).get().asString()
                    .contains("connectops.ingest.endpoint-override.allow-local-addresses");
        }
        assertThat(EndpointOverridePolicy.refusal("http://localhost:8099/", false).orElseThrow())
                .startsWith("host localhost resolves to a loopback address");
    }

    @Test
    void shortAndDecimalFormsOfLoopbackAreRefused() {
        for (String url : List.of("http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://localhost./")) {
            assertThat(EndpointOverridePolicy.refusal(url, false)).as(url).isPresent();
        }
    }

    @Test
    void aPublicAddressIsAccepted() {
        assertThat(EndpointOverridePolicy.refusal("https://52.94.236.248/", false)).isEmpty();
        assertThat(EndpointOverridePolicy.refusal("https://[2600:1f18::1]:443/connect", false)).isEmpty();
    }

    @Test
    void onlyPlainHttpUrlsAreAccepted() {
        for (String url : List.of("ftp://52.94.236.248/", "file:///etc/passwd", "https://user:pw@52.94.236.248/",
                "https://52.94.236.248/?x=1", "https://52.94.236.248/#x", "https:///path", "not a url",
                "https://no-such-host.invalid/")) {
            assertThat(EndpointOverridePolicy.refusal(url, true)).as(url).isPresent();
        }
    }
}
