package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.connectops.ingest.config.IngestConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;

/**
 * The production defaults of the SNS intake, read from the configuration mapping itself: certificates and
 * confirmation URLs are pinned to an SNS Region's own host and name, in the topic's Region, and the service does not
 * start without a topic allow-list.
 */
class SnsVerificationPinningTest {

    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:connect-alarms";
    private static final String HEX = "0123456789abcdef0123456789abcdef";

    private static Pattern defaultOf(String setting) throws NoSuchMethodException {
        return Pattern.compile(IngestConfig.Sns.class.getMethod(setting).getAnnotation(WithDefault.class).value());
    }

    private static void checkCertificate(String url, String topic) throws Exception {
        SnsSignatureVerifier.checkTrusted(defaultOf("trustedCertUrlPattern"), url, topic, "SigningCertURL");
    }

    @Test
    void theCertificateOfTheTopicsRegionUnderItsSnsNameIsTrusted() {
        assertThatCode(() -> checkCertificate("https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-" + HEX
                + ".pem", TOPIC)).doesNotThrowAnyException();
        assertThatCode(() -> checkCertificate("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-"
                + HEX + ".pem", "arn:aws-cn:sns:cn-north-1:123456789012:alarms")).doesNotThrowAnyException();
        assertThatCode(() -> checkCertificate("https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-"
                + HEX + ".pem", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms")).doesNotThrowAnyException();
    }

    @Test
    void certificatesElsewhereAreRefusedBeforeAnyDownload() {
        for (String url : List.of(
                // An S3 bucket named sns, on an AWS host the old pattern admitted.
                "https://sns.s3-us-west-2.amazonaws.com/SimpleNotificationService-" + HEX + ".pem",
                "https://sns.eu-west-1.amazonaws.com/attacker.pem",
                "https://sns.eu-west-1.amazonaws.com/x/SimpleNotificationService-" + HEX + ".pem",
                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-" + HEX + ".pem?x=1",
                "http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-" + HEX + ".pem",
                "https://sns.eu-west-1.amazonaws.com.attacker.example/SimpleNotificationService-" + HEX + ".pem",
                "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-" + HEX.substring(1) + ".pem")) {
            assertThatThrownBy(() -> checkCertificate(url, TOPIC)).as(url)
                    .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                    .hasMessage("SigningCertURL is not a trusted SNS certificate URL");
        }
    }

    @Test
    void aCertificateOfAnotherRegionThanTheTopicsIsRefused() {
        assertThatThrownBy(() -> checkCertificate("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-"
                + HEX + ".pem", TOPIC))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("SigningCertURL is in Region us-east-1, not in the Region of TopicArn");
    }

    @Test
    void aSubscribeUrlMustBeAConfirmSubscriptionCallInTheTopicsRegion() throws Exception {
        Pattern subscribe = defaultOf("trustedSubscribeUrlPattern");
        String good = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC
                + "&Token=abc";
        assertThatCode(() -> SnsSignatureVerifier.checkTrusted(subscribe, good, TOPIC, "SubscribeURL"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> SnsSignatureVerifier.checkTrusted(subscribe, good.replace("eu-west-1.amazonaws",
                "us-east-1.amazonaws"), TOPIC, "SubscribeURL")).isInstanceOf(SnsSignatureVerifier.Rejected.class);
        assertThatThrownBy(() -> SnsSignatureVerifier.checkTrusted(subscribe,
                "https://sns.eu-west-1.amazonaws.com/?Action=Publish&TopicArn=" + TOPIC, TOPIC, "SubscribeURL"))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("SubscribeURL is not a trusted SNS URL");
    }

    @Test
    void signatureVersion1IsRefusedWhenTheSettingSaysSo() {
        assertThat(SnsSignatureVerifier.algorithm("2", false)).isEqualTo("SHA256withRSA");
        assertThat(SnsSignatureVerifier.algorithm("1", true)).isEqualTo("SHA1withRSA");
        assertThatThrownBy(() -> SnsSignatureVerifier.algorithm("1", false))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class).hasMessageContaining("SignatureVersion 1 (SHA1)");
        assertThatThrownBy(() -> SnsSignatureVerifier.algorithm("3", true))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class).hasMessage("unsupported SignatureVersion");
    }

    @Test
    void withoutATopicAllowListTheServiceRefusesToStartNamingTheSetting() {
        assertThatThrownBy(() -> SnsTopicAllowList.requireAllowList(Optional.empty(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("connectops.ingest.sns.allowed-topic-arns "
                        + "(CONNECTOPS_INGEST_SNS_ALLOWED_TOPIC_ARNS) is empty");
        assertThatThrownBy(() -> SnsTopicAllowList.requireAllowList(Optional.of(List.of(" ")), false))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SnsTopicAllowList.requireAllowList(Optional.of(List.of("connect-alarms")), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not an SNS topic ARN");
        assertThatCode(() -> SnsTopicAllowList.requireAllowList(Optional.of(List.of(TOPIC)), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> SnsTopicAllowList.requireAllowList(Optional.empty(), true)).doesNotThrowAnyException();
    }

    @Test
    void theProductionProfileAsShippedDoesNotStartWithoutATopicAllowList() throws Exception {
        // The prod profile of application.properties as the service resolves it, no environment set.
        SmallRyeConfig prod = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(IngestConfig.class).build();
        IngestConfig.Sns sns = prod.getConfigMapping(IngestConfig.class).sns();

        assertThat(sns.allowAnyTopic()).isFalse();
        assertThat(sns.maxBodySize().asLongValue()).isEqualTo(256 * 1024);
        assertThatThrownBy(() -> SnsTopicAllowList.requireAllowList(sns.allowedTopicArns(), sns.allowAnyTopic()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connectops.ingest.sns.allowed-topic-arns");
        assertThat(prod.getConfigMapping(IngestConfig.class).endpointOverride().allowLocalAddresses()).isFalse();
    }
}
